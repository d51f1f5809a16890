package com.sference;

/**
 * The request was malformed (HTTP 400).
 *
 * @since 0.1
 */
public class BadRequestException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public BadRequestException(Details details) {
        super(details);
    }
}
