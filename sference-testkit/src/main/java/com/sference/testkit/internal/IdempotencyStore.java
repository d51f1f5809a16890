package com.sference.testkit.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Remembers the answers to {@code POST}s that carried an {@code Idempotency-Key}, per credential.
 *
 * <p>A repeat with the same key and the same request (method, path and body bytes) gets the first
 * answer again, with the same status and body, and creates nothing; the same key with another
 * request is {@code 409}. Only requests that passed validation are remembered (as Stripe does):
 * a request rejected with {@code 422} can be corrected and sent again under the same key. A
 * repeat that arrives while the first is still being handled waits for its answer.
 */
final class IdempotencyStore {

    private static final class Entry {
        final byte[] digest;
        final CompletableFuture<Reply> answer = new CompletableFuture<>();

        Entry(byte[] digest) {
            this.digest = digest;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Runs {@code action} once per (credential, key); repeats get its remembered reply.
     *
     * @param digest the digest of the request
     */
    Reply execute(String credential, String key, byte[] digest, Supplier<Reply> action) {
        String id = credential + '\n' + key;
        while (true) {
            Entry mine = new Entry(digest);
            Entry existing = entries.putIfAbsent(id, mine);
            if (existing == null) {
                return runFirst(id, mine, action);
            }
            if (!Arrays.equals(existing.digest, digest)) {
                throw ApiError.of(409, "idempotency_key_reused",
                        "Idempotency-Key " + key + " was already used with a different request");
            }
            try {
                return existing.answer.get().replayed();
            } catch (ExecutionException e) {
                // the first attempt failed unexpectedly and was forgotten: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a concurrent request", e);
            }
        }
    }

    private Reply runFirst(String id, Entry mine, Supplier<Reply> action) {
        Reply reply;
        try {
            reply = action.get();
        } catch (ApiError e) {
            reply = ErrorWriter.reply(e);
        } catch (RuntimeException | Error e) {
            entries.remove(id, mine);
            mine.answer.completeExceptionally(e);
            throw e;
        }
        if (reply.bytes() == null) {
            throw new IllegalStateException("streamed replies cannot be remembered");
        }
        mine.answer.complete(reply);
        return reply;
    }
}
