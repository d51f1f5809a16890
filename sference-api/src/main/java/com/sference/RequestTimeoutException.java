package com.sference;

import java.net.URI;

/**
 * A timeout passed: no connection, no response head, or no progress of a body within its
 * timeout, or the call's deadline passed. Retryable unless a deadline ended the call.
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
     * @param retryable whether sending the request again may succeed
     * @since 0.2
     */
    public RequestTimeoutException(String method, URI uri, String reason, Throwable cause, boolean retryable) {
        super(method, uri, reason, cause, retryable);
    }

    /**
     * Creates a {@linkplain #retryable() retryable} exception for the exchange {@code method uri}.
     *
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason which timeout passed
     * @param cause the underlying failure, or {@code null}
     */
    public RequestTimeoutException(String method, URI uri, String reason, Throwable cause) {
        this(method, uri, reason, cause, true);
    }
}
