package com.sference.testkit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream: its status, the response jobs attached to it and its event log (one event per job
 * that reached a terminal state, in the order they did).
 */
final class StreamRecord {

    static final String OPEN = "open";
    static final String CANCELLED = "cancelled";
    static final String ARCHIVED = "archived";

    private final String id;
    private final String name;
    private final String window;
    private final long createdNanos;
    private String status = OPEN;
    private long updatedNanos;
    private long cancelledNanos = -1;
    private long archivedNanos = -1;
    private final List<ResponseJob> items = new ArrayList<>();
    private final List<ResponseJob> events = new ArrayList<>();
    private final Map<String, Integer> eventIndex = new HashMap<>();

    StreamRecord(String id, String name, String window, long createdNanos) {
        this.id = id;
        this.name = name;
        this.window = window;
        this.createdNanos = createdNanos;
        this.updatedNanos = createdNanos;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String window() {
        return window;
    }

    String status() {
        return status;
    }

    long createdNanos() {
        return createdNanos;
    }

    long updatedNanos() {
        return updatedNanos;
    }

    /** When it was cancelled, or -1. */
    long cancelledNanos() {
        return cancelledNanos;
    }

    /** When it was archived, or -1. */
    long archivedNanos() {
        return archivedNanos;
    }

    List<ResponseJob> items() {
        return items;
    }

    /** {@return whether no event can ever be added: the stream is closed and every job has its event} */
    boolean isClosedAndDrained() {
        return !status.equals(OPEN) && events.size() == items.size();
    }

    /** The events, oldest first. */
    List<ResponseJob> events() {
        return events;
    }

    /** The position of an event in {@link #events()}, or -1 if it is not one of this stream's. */
    int eventIndex(String completionId) {
        Integer index = eventIndex.get(completionId);
        return index == null ? -1 : index;
    }

    void attach(ResponseJob job) {
        items.add(job);
        updatedNanos = job.createdNanos();
    }

    /** Appends the event of a job that has just become terminal. */
    void recordEvent(ResponseJob job) {
        eventIndex.put(job.id(), events.size());
        events.add(job);
        updatedNanos = Math.max(updatedNanos, job.finishedNanos());
    }

    void status(String newStatus, long atNanos) {
        status = newStatus;
        updatedNanos = atNanos;
        if (newStatus.equals(CANCELLED)) {
            cancelledNanos = atNanos;
        } else if (newStatus.equals(ARCHIVED)) {
            archivedNanos = atNanos;
        }
    }
}
