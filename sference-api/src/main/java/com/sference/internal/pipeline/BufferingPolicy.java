package com.sference.internal.pipeline;

import com.sference.ApiException;
import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads a {@linkplain CallContext.Body#BUFFERED buffered} answer whole, per attempt, on the I/O
 * executor: a body that breaks off before its end fails as a retryable {@link TransportException},
 * so the retry policy sends the call again (every POST carries its idempotency key). A success
 * body past the cap fails with {@link UnexpectedResponseException} and is not read further; of an
 * error or redirect body only a preview is kept, since nothing more is ever shown.
 */
final class BufferingPolicy implements Policy {
    /** How much of a non-2xx body is kept: enough for the bounded preview of an {@link ApiException}. */
    static final int PREVIEW_BYTES = ApiException.MAX_BODY_CHARS * 4;

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
        ByteArrayOutputStream copy = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, limit) : 8192);
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
        } catch (InterruptedIOException e) {
            throw new RequestTimeoutException(request.method(), request.uri(),
                    "the response body stalled after " + copy.size() + " bytes: " + Causes.describe(e), e, true);
        } catch (IOException e) {
            throw new TransportException(request.method(), request.uri(),
                    "the response body broke off after " + copy.size() + " bytes: " + Causes.describe(e), e, true);
        }
        return TransportResponse.of(response.status(), response.headers(), new ByteArrayInputStream(copy.toByteArray()));
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
