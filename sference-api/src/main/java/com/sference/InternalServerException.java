package com.sference;

/**
 * The server failed (HTTP 500 and above).
 *
 * @since 0.1
 */
public class InternalServerException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public InternalServerException(Details details) {
        super(details);
    }
}
