package com.sference.transport.vertx;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns what Vert.x fails an exchange with into the SDK's exceptions: each names method and URL
 * and the root cause ("Connection refused"), never a header, and says whether sending again may
 * succeed.
 *
 * <p>Retryable: a host name that does not resolve, a connect that fails or times out, a
 * connection closed or reset before the response head, and a timeout before the head or of a
 * stalled upload. Not retryable: a body source that fails, a certificate the client does not
 * trust, a closed client, and anything else the request or the local state causes, which would
 * fail the same way again.
 */
final class Failures {
    private Failures() {}

    /** {@return the exception for a call that fails because the transport is closed} */
    static TransportException closed(TransportRequest request, Throwable cause) {
        return new TransportException(request.method(), request.uri(), "the vertx transport is closed", cause, false);
    }

    /** {@return the exception for a call that fails because the Vert.x client or its {@code Vertx} is closed} */
    static TransportException vertxClosed(TransportRequest request, Throwable cause) {
        return new TransportException(request.method(), request.uri(), "the Vert.x client is closed", cause, false);
    }

    /**
     * Maps {@code error}, which failed the exchange of {@code request} before its response head.
     *
     * @param upload the request body's stream, whose own failure takes precedence, or null
     */
    static Throwable map(TransportRequest request, Throwable error, BodyStreams.Upload upload) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Throwable unreadable = upload == null ? null : upload.failure();
        if (unreadable instanceof TransportException) {
            return unreadable; // the upload stalled, or the transport closed
        }
        if (unreadable != null && !(unreadable instanceof CancellationException)) {
            return new TransportException(request.method(), request.uri(),
                    "cannot read the request body: " + describe(unreadable), unreadable, false);
        }
        if (cause instanceof TransportException || cause instanceof CancellationException || cause instanceof Error) {
            return cause;
        }
        String method = request.method();
        ConnectException connect = find(cause, ConnectException.class);
        if (connect != null && connect.getClass().getSimpleName().equals("ConnectTimeoutException")) { // Netty's
            return new RequestTimeoutException(method, request.uri(), "connect timed out: " + describe(cause), cause);
        }
        if (find(cause, TimeoutException.class) != null) {
            return new RequestTimeoutException(method, request.uri(), "timed out: " + describe(cause), cause);
        }
        if (untrusted(cause)) {
            Throwable tls = null; // the innermost handshake failure says why; Vert.x wraps it in one of its own
            for (Throwable t = find(cause, SSLHandshakeException.class); t != null; t = find(t.getCause(), SSLHandshakeException.class)) {
                tls = t;
            }
            return new TransportException(method, request.uri(), "TLS handshake failed: " + describe(tls != null ? tls : cause), cause, false);
        }
        if (connect != null || find(cause, UnknownHostException.class) != null) {
            return new TransportException(method, request.uri(), "connection failed: " + describe(cause), cause, true);
        }
        if (find(cause, IOException.class) != null || find(cause, HttpClosedException.class) != null
                || find(cause, StreamResetException.class) != null) {
            return new TransportException(method, request.uri(), "I/O error: " + describe(cause), cause, true);
        }
        if (cause instanceof IllegalStateException
                && (cause.getMessage() == null || cause.getMessage().toLowerCase(Locale.ROOT).contains("closed"))) {
            return vertxClosed(request, cause); // what a closed HttpClient, WebClient or Vertx fails with
        }
        return new TransportException(method, request.uri(), "request failed: " + describe(cause), cause, false);
    }

    /**
     * {@return whether a TLS handshake failed for a reason that would repeat} A certificate the
     * client refuses does; a connection that dropped in the middle of the handshake does not.
     */
    private static boolean untrusted(Throwable cause) {
        boolean tls = find(cause, SSLHandshakeException.class) != null || find(cause, SSLPeerUnverifiedException.class) != null
                || find(cause, CertificateException.class) != null;
        boolean dropped = find(cause, EOFException.class) != null || find(cause, ClosedChannelException.class) != null
                || find(cause, java.net.SocketException.class) != null;
        return tls && !dropped;
    }

    /** {@return the first throwable of {@code type} in the cause chain of {@code t}, or null} */
    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * {@return the first non-empty message in the cause chain of {@code t}} (for example
     * "Connection refused: /127.0.0.1:9"), or the simple class name of {@code t} if none has one.
     */
    static String describe(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 32; c = c.getCause(), depth++) {
            String message = c.getMessage();
            if (message != null && !message.isBlank()) {
                return message.strip();
            }
        }
        return t.getClass().getSimpleName();
    }
}
