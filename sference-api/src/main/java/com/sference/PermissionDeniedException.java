package com.sference;

/**
 * The key lacks the scope this call needs (HTTP 403).
 *
 * @since 0.1
 */
public class PermissionDeniedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public PermissionDeniedException(Details details) {
        super(details);
    }
}
