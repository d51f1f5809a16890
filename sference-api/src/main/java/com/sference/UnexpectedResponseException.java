package com.sference;

import java.net.URI;

/**
 * The server answered, but not with what the call expects: a redirect, a body that is not the
 * JSON object the operation returns (invalid, truncated, HTML, empty, an array, wrong types), or
 * a body larger than the cap for such answers. The message names the status, method and URL and
 * holds a bounded preview at most.
 *
 * @since 0.2
 */
public class UnexpectedResponseException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the answer. */
    private final int status;
    /** The HTTP method of the call. */
    private final String method;
    private final transient URI uri;

    /**
     * Creates the exception.
     *
     * @param status the HTTP status of the answer
     * @param method the HTTP method
     * @param uri the request URI
     * @param reason what is wrong with the answer
     * @param cause the underlying failure, or {@code null}
     */
    public UnexpectedResponseException(int status, String method, URI uri, String reason, Throwable cause) {
        super("HTTP " + status + ": " + reason + " (" + method + " " + uri + ")", cause);
        this.status = status;
        this.method = method;
        this.uri = uri;
    }

    /** {@return the HTTP status of the answer} */
    public int status() {
        return status;
    }

    /** {@return the HTTP method of the call} */
    public String method() {
        return method;
    }

    /** {@return the URI of the call} */
    public URI uri() {
        return uri;
    }
}
