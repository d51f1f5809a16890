package com.sference;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When and how the client retries a call that failed for a transient reason: a connection
 * failure or timeout, or one of {@link #retryableStatuses()}.
 *
 * <p>Delays grow exponentially from {@code baseDelay} up to {@code maxDelay}, each shortened by up
 * to {@code jitter} (a fraction) at random; a server's {@code Retry-After} is honoured up to
 * {@code maxRetryAfter}. No retry starts once {@code maxElapsed} has passed since the call began,
 * and a request whose body cannot be replayed is never resent.
 *
 * @param maxRetries retries after the first try; 0 turns retries off
 * @param baseDelay the delay before the first retry
 * @param maxDelay the longest computed delay
 * @param jitter the random fraction, 0 to 1, taken off each delay
 * @param retryableStatuses the HTTP statuses that are retried
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param maxElapsed the time after the call's start past which no retry starts
 * @since 0.1
 */
public record RetryOptions(
        int maxRetries,
        Duration baseDelay,
        Duration maxDelay,
        double jitter,
        Set<Integer> retryableStatuses,
        Duration maxRetryAfter,
        Duration maxElapsed) {

    /** Two retries, 500 ms doubling up to 8 s, 20 % jitter, on 408/429/502/503/504, Retry-After up to 60 s, 2 min overall. */
    public static final RetryOptions DEFAULT = new RetryOptions(
            2, Duration.ofMillis(500), Duration.ofSeconds(8), 0.2, Set.of(408, 429, 502, 503, 504),
            Duration.ofSeconds(60), Duration.ofMinutes(2));

    /** No retries. */
    public static final RetryOptions NONE = DEFAULT.withMaxRetries(0);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a value is out of range
     *
     * @param maxRetries retries after the first try; 0 turns retries off
     * @param baseDelay the delay before the first retry
     * @param maxDelay the longest computed delay
     * @param jitter the random fraction, 0 to 1, taken off each delay
     * @param retryableStatuses the HTTP statuses that are retried
     * @param maxRetryAfter the longest {@code Retry-After} honoured
     * @param maxElapsed the time after the call's start past which no retry starts
     */
    public RetryOptions {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        retryableStatuses = Set.copyOf(retryableStatuses);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1: " + jitter);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative() || maxElapsed.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * {@return these options with {@code maxRetries}}
     *
     * @param maxRetries retries after the first try; 0 turns retries off
     */
    public RetryOptions withMaxRetries(int maxRetries) {
        return new RetryOptions(maxRetries, baseDelay, maxDelay, jitter, retryableStatuses, maxRetryAfter, maxElapsed);
    }

    /**
     * {@return these options with {@code baseDelay} and {@code maxDelay}}
     *
     * @param baseDelay the delay before the first retry
     * @param maxDelay the longest computed delay
     */
    public RetryOptions withDelays(Duration baseDelay, Duration maxDelay) {
        return new RetryOptions(maxRetries, baseDelay, maxDelay, jitter, retryableStatuses, maxRetryAfter, maxElapsed);
    }

    /**
     * {@return these options honouring {@code Retry-After} up to {@code maxRetryAfter}}
     *
     * @param maxRetryAfter the longest {@code Retry-After} honoured
     */
    public RetryOptions withMaxRetryAfter(Duration maxRetryAfter) {
        return new RetryOptions(maxRetries, baseDelay, maxDelay, jitter, retryableStatuses, maxRetryAfter, maxElapsed);
    }

    /**
     * {@return these options starting no retry after {@code maxElapsed}}
     *
     * @param maxElapsed the time after the call's start past which no retry starts
     */
    public RetryOptions withMaxElapsed(Duration maxElapsed) {
        return new RetryOptions(maxRetries, baseDelay, maxDelay, jitter, retryableStatuses, maxRetryAfter, maxElapsed);
    }

    /**
     * {@return these options with {@code jitter}}
     *
     * @param jitter the random fraction, 0 to 1, taken off each delay
     */
    public RetryOptions withJitter(double jitter) {
        return new RetryOptions(maxRetries, baseDelay, maxDelay, jitter, retryableStatuses, maxRetryAfter, maxElapsed);
    }
}
