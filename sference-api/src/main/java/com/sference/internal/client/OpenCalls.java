package com.sference.internal.client;

import com.sference.ClientClosedException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls, waits and tails of one client that have not ended, so that closing the client ends
 * them all: each fails with {@link ClientClosedException}, and what it had in flight is cancelled
 * through its own failure handling. A call started after closing fails at once.
 */
final class OpenCalls {
    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One future and what it is, for the message. */
    private record Tracked(CompletableFuture<?> future, String what) {}

    /** {@return {@code future}, failed at once if the client is closed, or when it closes} */
    <T> CompletableFuture<T> track(CompletableFuture<T> future, String what) {
        Tracked tracked = new Tracked(future, what);
        open.add(tracked);
        future.whenComplete((value, failure) -> open.remove(tracked));
        if (closed) {
            future.completeExceptionally(new ClientClosedException(what));
        }
        return future;
    }

    /** {@return a failed future if the client is closed, else null} */
    <T> CompletableFuture<T> refuseIfClosed(String what) {
        return closed ? CompletableFuture.failedFuture(new ClientClosedException(what)) : null;
    }

    /** Fails every open call; later ones fail at once. */
    void close() {
        closed = true;
        for (Tracked tracked : open) {
            tracked.future().completeExceptionally(new ClientClosedException(tracked.what()));
        }
    }
}
