package com.sference;

/**
 * No such batch, response, stream or event cursor (HTTP 404).
 *
 * @since 0.1
 */
public class NotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public NotFoundException(Details details) {
        super(details);
    }
}
