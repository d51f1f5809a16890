package com.sference.internal.pipeline;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Names what went wrong while a response body was read: a stall, an interrupt, or a break. */
public final class BodyFailures {
    private BodyFailures() {}

    /**
     * {@return the exception for {@code failure}, met after {@code bytesRead} bytes of the body
     * (negative if not counted)}
     * A timeout (a {@link SocketTimeoutException}, or an {@link InterruptedIOException} while the
     * thread is not interrupted) is a {@link RequestTimeoutException}; an interrupted read is
     * never retryable.
     *
     * @param retryable whether sending the request again is safe, if the failure allows it
     */
    public static TransportException of(TransportRequest request, IOException failure, long bytesRead,
            boolean retryable) {
        String method = request.method();
        boolean interrupted = failure instanceof InterruptedIOException
                && !(failure instanceof SocketTimeoutException) && Thread.currentThread().isInterrupted();
        if (interrupted) {
            return new TransportException(method, request.uri(), "interrupted while reading the response body", failure,
                    false);
        }
        String after = bytesRead < 0 ? "" : " after " + bytesRead + " bytes";
        if (failure instanceof InterruptedIOException) {
            return new RequestTimeoutException(method, request.uri(), "the response body stalled" + after + ": "
                    + Causes.describe(failure), failure, retryable);
        }
        return new TransportException(method, request.uri(), "the response body broke off" + after + ": "
                + Causes.describe(failure), failure, retryable);
    }
}
