package com.sference.internal.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one call as it goes through the pipeline.
 *
 * @param started when the call began
 * @param attempt the try number, from 1
 */
public record CallContext(Instant started, int attempt) {
    /** Checks the values. */
    public CallContext {
        Objects.requireNonNull(started, "started");
    }

    /** {@return the context of a call starting at {@code now}} */
    public static CallContext startingAt(Instant now) {
        return new CallContext(now, 1);
    }

    /** {@return this context for try number {@code attempt}} */
    public CallContext withAttempt(int attempt) {
        return new CallContext(started, attempt);
    }
}
