package com.sference.transport.apache;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.core5.http.HttpException;

/**
 * Turns what HttpClient failed an exchange with, before its response head, into the SDK's
 * {@link TransportException}: its message names the root cause and the request's method and
 * URL, never a header, and {@link TransportException#retryable()} says whether sending again may
 * succeed.
 */
final class Failures {

    /** What HttpCore 5.4 fails a TLS handshake with, without a cause, when the connection ends during it. */
    private static final String HANDSHAKE_CUT_OFF = "TLS handshake failed";

    /** How deep a chain of causes is searched, in case one is a cycle. */
    private static final int MAX_CAUSES = 32;

    private Failures() {}

    /**
     * Maps what the client failed with, before the response head arrived, to the SDK's
     * exception: naming method, URL and the root cause, never a header, and saying whether
     * sending again may succeed. A refused or failed connect, a connection closed or reset, and
     * a timeout may; a request body that failed, a certificate the client does not trust, a
     * protocol violation and anything else may not.
     */
    static TransportException of(TransportRequest request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TransportException) {
            return (TransportException) cause;
        }
        String method = request.method();
        URI uri = request.uri();
        RequestBodyProducer.SourceFailure source = find(cause, RequestBodyProducer.SourceFailure.class);
        if (source != null) {
            return new TransportException(method, uri, "request body failed: " + rootMessage(source), cause, false);
        }
        if (cause instanceof UnsupportedSchemeException) {
            return new TransportException(method, uri, "unsupported URI scheme: " + rootMessage(cause), cause, false);
        }
        if (find(cause, ConnectTimeoutException.class) != null) {
            return new RequestTimeoutException(method, uri, "connect timed out", cause);
        }
        if (find(cause, SocketTimeoutException.class) != null) {
            return new RequestTimeoutException(method, uri, "no response within " + request.timeout(), cause);
        }
        SSLException tls = find(cause, SSLException.class);
        if (tls != null) {
            // A handshake the peer cut off may go through next time; a certificate or protocol refused will not.
            boolean cutOff = find(tls, EOFException.class) != null || find(tls, SocketException.class) != null
                    || (tls.getCause() == null && HANDSHAKE_CUT_OFF.equals(tls.getMessage()));
            return new TransportException(method, uri, cutOff ? "TLS handshake cut off by the server"
                    : "TLS handshake failed: " + rootMessage(tls), cause, cutOff);
        }
        if (find(cause, UnknownHostException.class) != null) {
            return new TransportException(method, uri, "connection failed: unknown host "
                    + rootMessage(find(cause, UnknownHostException.class)), cause, true);
        }
        HttpHostConnectException connect = find(cause, HttpHostConnectException.class);
        if (connect != null) {
            return new TransportException(method, uri, "connection failed: " + connectCause(connect), cause, true);
        }
        if (find(cause, ConnectException.class) != null || find(cause, NoRouteToHostException.class) != null) {
            return new TransportException(method, uri, "connection failed: " + rootMessage(cause), cause, true);
        }
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            // Closed or reset before any response byte: nothing of this exchange was answered.
            return new TransportException(method, uri, "I/O error: " + rootMessage(cause), cause, true);
        }
        if (cause instanceof HttpException) {
            return new TransportException(method, uri, "protocol error: " + rootMessage(cause), cause, false);
        }
        return new TransportException(method, uri, "request failed: " + rootMessage(cause), cause, false);
    }

    /**
     * {@return what the JDK said when the connect failed} HttpClient replaces the JDK's
     * {@code ConnectException} with one of its own, without a cause, whose message is
     * "Connect to <em>host</em> [<em>addresses</em>] failed: <em>the JDK's message</em>", or ends
     * in "refused" when the JDK gave none.
     */
    private static String connectCause(HttpHostConnectException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int failed = message.indexOf(" failed: ");
        if (failed >= 0) {
            return message.substring(failed + " failed: ".length());
        }
        return message.endsWith(" refused") ? "Connection refused" : rootMessage(e);
    }

    /** {@return the first of {@code t} and its causes that is a {@code type}, or {@code null}} */
    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * {@return the message of the deepest cause of {@code t} that has one} ("Connection refused"
     * rather than a wrapper's restatement of it); the simple class name of {@code t} if none has.
     */
    static String rootMessage(Throwable t) {
        String message = null;
        Throwable current = t;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++, current = current.getCause()) {
            String own = current.getMessage();
            if (own != null && !own.isBlank()) {
                message = own;
            }
        }
        return message != null ? message : t.getClass().getSimpleName();
    }
}
