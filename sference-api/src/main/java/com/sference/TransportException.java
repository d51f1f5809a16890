package com.sference;

import java.net.URI;

/**
 * An exchange failed before a response arrived: the connection could not be made, was dropped,
 * or a body could not be written or read. Names the method and URL, never headers.
 *
 * @since 0.1
 */
public class TransportException extends SferenceException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final transient URI uri;

    /**
     * Creates an exception for the exchange {@code method uri}.
     *
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public TransportException(String method, URI uri, String reason, Throwable cause) {
        super(reason + " (" + method + " " + uri + ")", cause);
        this.method = method;
        this.uri = uri;
    }

    /** {@return the HTTP method of the failed exchange} */
    public String method() {
        return method;
    }

    /** {@return the URI of the failed exchange} */
    public URI uri() {
        return uri;
    }
}
