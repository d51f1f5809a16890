package com.sference.internal.pipeline;

import com.sference.ApiException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads a {@linkplain CallContext.Body#BUFFERED buffered} answer whole, per attempt, on the I/O
 * executor: a success body that breaks off before its end fails as a {@link TransportException},
 * retryable for a GET, a HEAD or a request carrying an {@code Idempotency-Key} (every POST of the
 * SDK), so the retry policy sends the call again. A success
 * body past the cap fails with {@link UnexpectedResponseException} and is not read further; of an
 * error or redirect body only a preview is kept, since nothing more is ever shown.
 */
final class BufferingPolicy implements Policy {
    /** How much of a non-2xx body is kept: enough for the bounded preview of an {@link ApiException}. */
    static final int PREVIEW_BYTES = ApiException.MAX_BODY_CHARS * 4;
    /** The most allocated before any byte arrives, whatever length the server declares. */
    private static final int INITIAL_MAX = 64 * 1024;

    private final Executor io;
    private final long maxBytes;

    BufferingPolicy(Executor io, long maxBytes) {
        this.io = io;
        this.maxBytes = maxBytes;
    }

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        CompletableFuture<TransportResponse> sent = next.proceed(request, context);
        if (context.body() == CallContext.Body.STREAMED) {
            return sent;
        }
        return sent.thenApplyAsync(response -> buffer(request, response), io);
    }

    private TransportResponse buffer(TransportRequest request, TransportResponse response) {
        boolean success = response.status() >= 200 && response.status() < 300;
        long limit = success ? maxBytes : PREVIEW_BYTES;
        long declared = response.header("content-length").map(BufferingPolicy::parseLength).orElse(-1L);
        if (success && declared > maxBytes) {
            response.close();
            throw tooLarge(request, response);
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 8192), INITIAL_MAX));
        try (response; InputStream in = response.body()) {
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (copy.size() + (long) n > limit) {
                    if (!success) {
                        copy.write(chunk, 0, (int) (limit - copy.size()));
                        break;
                    }
                    throw tooLarge(request, response);
                }
                copy.write(chunk, 0, n);
            }
        } catch (IOException e) {
            if (!success) {
                // The status is the answer; a preview cut short still names it.
                return TransportResponse.of(response.status(), response.headers(),
                        new ByteArrayInputStream(copy.toByteArray()));
            }
            throw BodyFailures.of(request, e, copy.size(), isSafeToResend(request));
        }
        return TransportResponse.of(response.status(), response.headers(), new ByteArrayInputStream(copy.toByteArray()));
    }

    /** A cut answer may be asked for again: a read, or a request the server can recognise by its key. */
    private static boolean isSafeToResend(TransportRequest request) {
        return request.method().equals("GET") || request.method().equals("HEAD")
                || request.header("idempotency-key").isPresent();
    }

    private UnexpectedResponseException tooLarge(TransportRequest request, TransportResponse response) {
        return new UnexpectedResponseException(response.status(), request.method(), request.uri(),
                "the answer is larger than the " + maxBytes + "-byte cap for an answer read into memory", null);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
