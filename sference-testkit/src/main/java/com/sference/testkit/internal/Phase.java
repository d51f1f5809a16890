package com.sference.testkit.internal;

import java.util.Locale;

/** Where a job is in its life: two timed steps, then one terminal state. */
enum Phase {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The wire name of a batch status, of an event status and of a stream item status. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire name of a Response status: both non-terminal phases are {@code in_progress}. */
    String responseWire() {
        return isTerminal() ? wire() : "in_progress";
    }
}
