package com.sference;

/**
 * Too many requests (HTTP 429); see {@link #retryAfter()}.
 *
 * @since 0.1
 */
public class RateLimitException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public RateLimitException(Details details) {
        super(details);
    }
}
