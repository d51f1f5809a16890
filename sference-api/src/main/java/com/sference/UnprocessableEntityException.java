package com.sference;

/**
 * The request failed validation (HTTP 422); {@link #detail()} lists each problem.
 *
 * @since 0.1
 */
public class UnprocessableEntityException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public UnprocessableEntityException(Details details) {
        super(details);
    }
}
