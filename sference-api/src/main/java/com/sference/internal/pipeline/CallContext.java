package com.sference.internal.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one call as it goes through the pipeline.
 *
 * @param started when the call began
 * @param attempt the try number, from 1
 * @param deadline when the call must have ended, if it has a deadline
 * @param body whether the pipeline reads the answer into memory or hands its body out unread
 * @param cancellation reaches the call's exchanges when the call ends early
 */
public record CallContext(Instant started, int attempt, Optional<Instant> deadline, Body body,
        CallCancellation cancellation) {

    /** How the answer's body leaves the pipeline. */
    public enum Body {
        /** Read whole (up to the client's cap) inside the retry loop, so a cut answer is retried. */
        BUFFERED,
        /** Handed out unread, for bodies of any size. */
        STREAMED
    }

    /** Checks the values. */
    public CallContext {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** {@return the context of a call starting at {@code now}, with no deadline and a buffered answer} */
    public static CallContext startingAt(Instant now) {
        return new CallContext(now, 1, Optional.empty(), Body.BUFFERED, new CallCancellation());
    }

    /** {@return the context of a call starting at {@code now}} */
    public static CallContext of(Instant now, Optional<Instant> deadline, Body body) {
        return new CallContext(now, 1, deadline, body, new CallCancellation());
    }

    /** {@return this context for try number {@code attempt}} */
    public CallContext withAttempt(int attempt) {
        return new CallContext(started, attempt, deadline, body, cancellation);
    }
}
