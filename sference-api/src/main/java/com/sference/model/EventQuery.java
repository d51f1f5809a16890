package com.sference.model;

import java.time.Duration;

/**
 * Which page of a stream's events to fetch. {@link #latest()} is the newest page.
 *
 * @param limit 1 to 100 events
 * @param startingAfter the events after this cursor, oldest first; or {@code null}
 * @param endingBefore the events before this cursor, newest first; or {@code null}
 * @param waitMs how long the server may hold an empty page waiting for an event, 0 to 30000 ms
 * @since 0.1
 */
public record EventQuery(int limit, String startingAfter, String endingBefore, long waitMs) {
    /** The default page size, as the server's. */
    public static final int DEFAULT_LIMIT = 20;

    /** The longest long-poll the server allows. */
    public static final long MAX_WAIT_MS = 30_000;

    /**
     * Checks the ranges and that at most one cursor is set.
     *
     * @throws IllegalArgumentException if a value is out of range or both cursors are set
     *
     * @param limit 1 to 100 events
     * @param startingAfter the events after this cursor, oldest first; or {@code null}
     * @param endingBefore the events before this cursor, newest first; or {@code null}
     * @param waitMs how long the server may hold an empty page waiting for an event, 0 to 30000 ms
     */
    public EventQuery {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100: " + limit);
        }
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new IllegalArgumentException("waitMs must be within 0..30000: " + waitMs);
        }
        if (startingAfter != null && endingBefore != null) {
            throw new IllegalArgumentException("startingAfter and endingBefore cannot both be set");
        }
    }

    /** {@return the newest {@value #DEFAULT_LIMIT} events, newest first} */
    public static EventQuery latest() {
        return new EventQuery(DEFAULT_LIMIT, null, null, 0);
    }

    /**
     * {@return up to {@value #DEFAULT_LIMIT} events after {@code cursor}, oldest first}
     *
     * @param cursor the id of the event to start after
     */
    public static EventQuery after(String cursor) {
        return new EventQuery(DEFAULT_LIMIT, cursor, null, 0);
    }

    /**
     * {@return up to {@value #DEFAULT_LIMIT} events before {@code cursor}, newest first}
     *
     * @param cursor the id of the event to end before
     */
    public static EventQuery before(String cursor) {
        return new EventQuery(DEFAULT_LIMIT, null, cursor, 0);
    }

    /**
     * {@return this query with page size {@code limit}}
     *
     * @param limit the page size, 1 to 100
     */
    public EventQuery withLimit(int limit) {
        return new EventQuery(limit, startingAfter, endingBefore, waitMs);
    }

    /**
     * {@return this query long-polling up to {@code wait} for an event when the page is empty}
     *
     * @param wait how long the server may hold an empty page
     */
    public EventQuery withWait(Duration wait) {
        return new EventQuery(limit, startingAfter, endingBefore, wait.toMillis());
    }
}
