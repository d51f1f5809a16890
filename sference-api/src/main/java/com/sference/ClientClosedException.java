package com.sference;

/**
 * The client was closed: a call, wait or tail that was still running when {@code close()} was
 * called, or one started afterwards, ends with this.
 *
 * @since 0.2
 */
public class ClientClosedException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what what was stopped, for example {@code "GET https://…/v1/batches/b_1"}
     */
    public ClientClosedException(String what) {
        super("the client was closed: " + what);
    }
}
