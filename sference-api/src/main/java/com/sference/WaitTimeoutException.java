package com.sference;

import java.time.Duration;

/**
 * A wait for a batch or response to finish ran out of time. The job goes on running on the server.
 *
 * @since 0.1
 */
public class WaitTimeoutException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /** The id of the batch or response waited for. */
    private final String id;
    /** The status seen last, as the server wrote it. */
    private final String lastStatus;

    /**
     * Creates an exception.
     *
     * @param id the id of the job waited for
     * @param lastStatus its status when the wait ended
     * @param timeout how long the wait lasted
     */
    public WaitTimeoutException(String id, String lastStatus, Duration timeout) {
        super("timed out after " + timeout + " waiting for " + id + " (last status " + lastStatus + ")");
        this.id = id;
        this.lastStatus = lastStatus;
    }

    /** {@return the id of the job waited for} */
    public String id() {
        return id;
    }

    /** {@return the job's status when the wait ended, as the server wrote it} */
    public String lastStatus() {
        return lastStatus;
    }
}
