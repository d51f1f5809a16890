package com.sference.transport.jdk;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns what the JDK client failed with into the SDK's exceptions: the method and URL, the root
 * cause in words (the first message down the cause chain), the original as the cause, and
 * whether sending again may help. Retryable: a failed or timed-out connect, a connection that
 * broke or closed before the response head, a timeout. Not retryable: a body source that failed,
 * a TLS handshake the client refused (an untrusted or invalid certificate), an invalid request.
 */
final class Failures {

    private Failures() {}

    /**
     * Maps {@code error} of the exchange {@code request}.
     *
     * @param request the request that failed
     * @param error what the client's future failed with
     * @param sourceFailure what the request body's source failed with, or null
     * @param connectReason the operating system's reason for a failed connect, found by
     *     {@link ConnectProbe} when the client dropped it, or null
     * @return the exception to fail the call with: a {@link TransportException}, or a
     *     {@link CancellationException} or an {@link Error} as it is
     */
    static Throwable of(TransportRequest request, Throwable error, IOException sourceFailure, String connectReason) {
        Throwable cause = unwrap(error);
        if (cause instanceof TransportException || cause instanceof CancellationException || cause instanceof Error) {
            return cause; // a cancellation: a future derived from the returned one was cancelled
        }
        String method = request.method();
        URI uri = request.uri();
        if (sourceFailure != null) {
            TransportException e = new TransportException(method, uri,
                    "the request body's source failed: " + rootMessage(sourceFailure), sourceFailure, false);
            if (cause != sourceFailure) {
                e.addSuppressed(cause);
            }
            return e;
        }
        if (has(cause, HttpConnectTimeoutException.class)) {
            return new RequestTimeoutException(method, uri, "connect timed out", cause);
        }
        if (has(cause, HttpTimeoutException.class)) {
            return new RequestTimeoutException(method, uri, "no response within " + request.timeout(), cause);
        }
        if (refusedByTls(cause)) {
            return new TransportException(method, uri, "TLS handshake failed: " + rootMessage(cause), cause, false);
        }
        if (has(cause, ConnectException.class)) {
            String reason = connectReason != null ? connectReason : rootMessage(cause);
            return new TransportException(method, uri, "connection failed: " + reason, cause, true);
        }
        if (cause instanceof IllegalArgumentException) {
            return new TransportException(method, uri, "invalid request: " + rootMessage(cause), cause, false);
        }
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            return new TransportException(method, uri, "I/O error: " + rootMessage(cause), cause, true);
        }
        return new TransportException(method, uri, "request failed: " + rootMessage(cause), cause, false);
    }

    /**
     * {@return whether {@code error} is a failed connect whose reason the client dropped} The
     * JDK client retries a connect that failed once, on the same closed channel, and reports
     * only the second failure: a {@link ConnectException} without a message over a
     * {@link ClosedChannelException} (JDK 17 and 25 alike), so "Connection refused" is lost.
     */
    static boolean isConnectWithoutReason(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof ConnectException && !(cause instanceof HttpConnectTimeoutException) && firstMessage(cause) == null;
    }

    /** {@return the first non-empty message down the cause chain, or the innermost type's name} */
    static String rootMessage(Throwable error) {
        String message = firstMessage(error);
        if (message != null) {
            return message;
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static String firstMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message;
            }
        }
        return null;
    }

    /**
     * {@return whether the TLS handshake failed because this side refused it} A certificate the
     * client does not trust, or one that does not match, fails the same way every time; a
     * handshake cut by the network (an end of stream or a reset in the cause chain) may not.
     */
    private static boolean refusedByTls(Throwable error) {
        if (!has(error, SSLHandshakeException.class) && !has(error, SSLPeerUnverifiedException.class)) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException || t instanceof ClosedChannelException
                    || (t instanceof SocketException && !(t instanceof ConnectException))) {
                return false;
            }
        }
        return true;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
