package com.sference.internal.client;

import com.sference.SferenceException;
import com.sference.transport.TransportResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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

    /**
     * {@return {@code source} mapped by {@code map}} Unlike {@link CompletableFuture#thenApply},
     * failing or cancelling the result cancels {@code source}, so a call built on another still
     * aborts its exchange.
     */
    static <T, U> CompletableFuture<U> map(CompletableFuture<T> source, Function<T, U> map) {
        return then(source, value -> CompletableFuture.completedFuture(map.apply(value)));
    }

    /**
     * {@return the future {@code next} makes of {@code first}'s value} Unlike
     * {@link CompletableFuture#thenCompose}, failing or cancelling the result cancels whichever
     * of the two is running.
     */
    static <T, U> CompletableFuture<U> then(CompletableFuture<T> first, Function<T, CompletableFuture<U>> next) {
        CompletableFuture<U> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> running = new AtomicReference<>(first);
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                running.get().cancel(true);
            }
        });
        first.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrapCompletion(failure));
                return;
            }
            CompletableFuture<U> second;
            try {
                second = next.apply(value);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            running.set(second);
            if (result.isDone()) {
                second.cancel(true);
                return;
            }
            second.whenComplete((secondValue, secondFailure) -> {
                if (secondFailure != null) {
                    result.completeExceptionally(unwrapCompletion(secondFailure));
                } else {
                    result.complete(secondValue);
                }
            });
        });
        return result;
    }

    /** {@return {@code failure} without its {@link CompletionException} wrappers} */
    static Throwable unwrapCompletion(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
