package com.sference;

/**
 * The API key or token is missing or unknown (HTTP 401).
 *
 * @since 0.1
 */
public class AuthenticationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public AuthenticationException(Details details) {
        super(details);
    }
}
