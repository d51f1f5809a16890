package com.sference.internal.client;

import com.sference.SferenceException;
import com.sference.transport.TransportResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers between the async core and its blocking twin. */
final class Futures {
    private static final int MAX_CAUSE_MESSAGE = 2000;

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
     * Makes a failure of {@code downstream}, a cancellation among them, cancel {@code upstream}
     * and close the response {@code upstream} completes with, whenever that happens, so that a
     * call that ended early never holds a connection. {@return downstream}
     */
    static <T> CompletableFuture<T> abortingOnFailure(CompletableFuture<T> downstream,
            CompletableFuture<TransportResponse> upstream) {
        downstream.whenComplete((value, failure) -> {
            if (failure != null) {
                upstream.cancel(true);
                upstream.thenAccept(TransportResponse::close);
            }
        });
        return downstream;
    }

    /** {@return {@code failure} without its {@link CompletionException} wrappers} */
    static Throwable unwrapCompletion(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** {@return {@code cause}, or null if its message is too long to carry around (it may hold a whole body)} */
    static Throwable boundedCause(Throwable cause) {
        if (cause == null) {
            return null;
        }
        String message = cause.getMessage();
        return message != null && message.length() > MAX_CAUSE_MESSAGE ? null : cause;
    }
}
