package com.sference.internal.client;

import com.sference.SferenceException;
import com.sference.transport.TransportResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Small helpers between the async core and its blocking twin. */
final class Futures {
    private Futures() {}

    /**
     * Waits for {@code future}, interruptibly, and {@return its value}; a failure is rethrown as the
     * {@link SferenceException} inside it. An interrupt cancels the future, keeps the thread's
     * interrupt flag and throws.
     */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SferenceException("interrupted while waiting for the server", e);
        } catch (ExecutionException | CancellationException e) {
            throw SferenceException.unwrap(e);
        }
    }

    /**
     * Makes cancelling {@code downstream} cancel {@code upstream}, and close the response
     * {@code upstream} completes with, whenever that happens, so that a cancelled call never holds
     * a connection. {@return downstream}
     */
    static <T> CompletableFuture<T> releasingOnCancel(CompletableFuture<T> downstream,
            CompletableFuture<TransportResponse> upstream) {
        downstream.whenComplete((value, failure) -> {
            if (downstream.isCancelled()) {
                upstream.cancel(true);
                upstream.thenAccept(TransportResponse::close);
            }
        });
        return downstream;
    }
}
