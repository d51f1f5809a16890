package com.sference;

/**
 * The call does not fit the object's current state (HTTP 409), for example results of a batch that is still running.
 *
 * @since 0.1
 */
public class ConflictException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public ConflictException(Details details) {
        super(details);
    }
}
