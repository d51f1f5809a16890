package com.sference.script;

import com.sference.SferenceException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for an asynchronous call and cancels it when the wait ends early (interrupt, JShell's stop). */
final class Blocking {
    private Blocking() {}

    /**
     * {@return the future's value}
     *
     * @throws SferenceException what the call failed with, or {@code interrupted}
     */
    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SferenceException("interrupted", e);
        } catch (ExecutionException e) {
            throw SferenceException.unwrap(e);
        } finally {
            future.cancel(true);
        }
    }
}
