package com.sference;

import java.net.URI;

/**
 * An exchange failed before a whole response arrived: the connection could not be made, was
 * dropped, or a body could not be written or read. Names the method and URL, never headers.
 *
 * <p>{@link #retryable()} is the transport's word on whether sending the request again may
 * succeed: yes for a refused or reset connection and for a timeout, no for a failure that would
 * happen again the same way (a header value the rules refuse, a body source that fails, an
 * invalid URI, a certificate the client does not trust). The SDK retries only retryable failures.
 *
 * @since 0.1
 */
public class TransportException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /** The HTTP method of the exchange. */
    private final String method;
    private final transient URI uri;
    /** Whether sending the request again may succeed. */
    private final boolean retryable;

    /**
     * Creates an exception for the exchange {@code method uri}.
     *
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason what went wrong
     * @param cause the underlying failure, or {@code null}
     * @param retryable whether sending the request again may succeed
     * @since 0.2
     */
    public TransportException(String method, URI uri, String reason, Throwable cause, boolean retryable) {
        super(reason + " (" + method + " " + uri + ")", cause);
        this.method = method;
        this.uri = uri;
        this.retryable = retryable;
    }

    /**
     * Creates an exception for the exchange {@code method uri} that is not {@linkplain #retryable()
     * retryable}.
     *
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public TransportException(String method, URI uri, String reason, Throwable cause) {
        this(method, uri, reason, cause, false);
    }

    /** {@return the HTTP method of the failed exchange} */
    public String method() {
        return method;
    }

    /** {@return the URI of the failed exchange} */
    public URI uri() {
        return uri;
    }

    /**
     * {@return whether sending the request again may succeed} A transport says so for failures
     * that depend on the network or the server's state, never for ones that the request itself
     * causes.
     *
     * @since 0.2
     */
    public boolean retryable() {
        return retryable;
    }
}
