package com.sference.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How to wait for a job to finish: how often to poll and for how long at most.
 *
 * @param pollInterval the pause between two polls
 * @param timeout the longest wait, after which a {@link com.sference.WaitTimeoutException} is thrown
 * @since 0.1
 */
public record WaitOptions(Duration pollInterval, Duration timeout) {
    /** Polls every second for up to an hour. */
    public static final WaitOptions DEFAULT = new WaitOptions(Duration.ofSeconds(1), Duration.ofHours(1));

    /**
     * Checks that both durations are positive.
     *
     * @throws IllegalArgumentException if one is not
     *
     * @param pollInterval the pause between two polls
     * @param timeout the longest wait, after which a {@link com.sference.WaitTimeoutException} is thrown
     */
    public WaitOptions {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(timeout, "timeout");
        if (pollInterval.isNegative() || pollInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("pollInterval and timeout must be positive");
        }
    }

    /**
     * {@return options polling every {@code pollInterval} for up to {@code timeout}}
     *
     * @param pollInterval the time between two polls
     * @param timeout how long to wait in all
     */
    public static WaitOptions of(Duration pollInterval, Duration timeout) {
        return new WaitOptions(pollInterval, timeout);
    }
}
