package com.sference;

import java.net.URI;

/**
 * No connection, or no response, arrived within its timeout.
 *
 * @since 0.1
 */
public class RequestTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for the exchange {@code method uri}.
     *
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason which timeout passed
     * @param cause the underlying failure, or {@code null}
     */
    public RequestTimeoutException(String method, URI uri, String reason, Throwable cause) {
        super(method, uri, reason, cause);
    }
}
