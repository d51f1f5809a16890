package com.sference.testkit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The emulator's state: batches, responses and streams, behind one lock.
 *
 * <p>Jobs progress lazily: every access first finishes the jobs whose due time has passed, in
 * due order (which is creation order, as every job takes the same two steps), stamping each with
 * its due time rather than the time it was noticed. So what a client sees depends only on when
 * it asks, never on a background thread's timing. Long-polls wait on {@link #changed}, which is
 * signalled whenever a job is added or becomes terminal, and wake by themselves at the next due
 * time.
 */
final class Store {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TimeSource time;
    private final long stepNanos;

    private final Map<String, BatchJob> batches = new HashMap<>();
    private final List<BatchJob> batchOrder = new ArrayList<>();
    private final Map<String, ResponseJob> responses = new HashMap<>();
    private final List<ResponseJob> responseOrder = new ArrayList<>();
    private final Map<String, StreamRecord> streams = new HashMap<>();
    private final List<StreamRecord> streamOrder = new ArrayList<>();
    private final ArrayDeque<Job> active = new ArrayDeque<>();
    private boolean closed;
    private long now;

    Store(TimeSource time, long stepNanos) {
        this.time = time;
        this.stepNanos = stepNanos;
    }

    TimeSource time() {
        return time;
    }

    /** Runs {@code action} under the lock, after bringing every job up to date. */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            advance();
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The time of the last catch-up: one instant for everything a locked action reads, so a job
     * is never seen running past its due time. Call under the lock.
     */
    long now() {
        return now;
    }

    private void advance() {
        long now = time.nanos();
        this.now = now;
        while (!active.isEmpty()) {
            Job head = active.peekFirst();
            if (head.isTerminal()) {
                active.pollFirst();
                continue;
            }
            if (head.dueNanos() > now) {
                return;
            }
            active.pollFirst();
            head.finish(head.dueNanos());
            terminated(head);
        }
    }

    private void terminated(Job job) {
        if (job instanceof ResponseJob) {
            StreamRecord stream = ((ResponseJob) job).stream();
            if (stream != null) {
                stream.recordEvent((ResponseJob) job);
            }
        }
        changed.signalAll();
    }

    /** Queues a new job; waiters recompute when to wake, as it may be due before their deadline. */
    private void activate(Job job) {
        active.addLast(job);
        changed.signalAll();
        advance();
    }

    /** Cancels a job that is not terminal; returns whether it changed. Call under the lock. */
    boolean cancel(Job job) {
        if (job.isTerminal()) {
            return false;
        }
        job.cancel(now);
        terminated(job);
        return true;
    }

    /**
     * Waits until a job may have changed, {@code deadlineNanos} has passed or the store closed.
     * Call under the lock; afterwards the jobs are up to date again.
     */
    void awaitChange(long deadlineNanos) throws InterruptedException {
        long now = time.nanos();
        long until = deadlineNanos;
        for (Job job : active) {
            if (!job.isTerminal()) {
                until = Math.min(until, job.dueNanos());
                break;
            }
        }
        if (!closed && until > now) {
            changed.await(until - now, TimeUnit.NANOSECONDS);
        }
        advance();
    }

    /** Wakes every long-poll to look again, after a change that is not a job's. Call under the lock. */
    void signalChange() {
        changed.signalAll();
    }

    /** Wakes every long-poll and makes further waits return at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    // ---- batches

    BatchJob addBatch(List<BatchJob.Item> items) {
        BatchJob job = new BatchJob(UUID.randomUUID().toString(), now, stepNanos, items);
        batches.put(job.id(), job);
        batchOrder.add(job);
        activate(job);
        return job;
    }

    BatchJob batch(String id) {
        BatchJob job = batches.get(id);
        if (job == null) {
            throw ApiError.notFound("Batch not found: " + id);
        }
        return job;
    }

    /** Newest first. */
    List<BatchJob> batchesNewestFirst() {
        List<BatchJob> out = new ArrayList<>(batchOrder);
        Collections.reverse(out);
        return out;
    }

    // ---- responses

    ResponseJob addResponse(ResponseRequest request, StreamRecord stream) {
        ResponseJob job = new ResponseJob(newId("resp_"), now, stepNanos, request, stream);
        responses.put(job.id(), job);
        responseOrder.add(job);
        if (stream != null) {
            stream.attach(job);
        }
        activate(job);
        return job;
    }

    ResponseJob response(String id) {
        ResponseJob job = responses.get(id);
        if (job == null) {
            throw ApiError.notFound("Response not found: " + id);
        }
        return job;
    }

    /** All responses, oldest first (creation order). */
    List<ResponseJob> responses() {
        return responseOrder;
    }

    // ---- streams

    StreamRecord addStream(String name, String window) {
        StreamRecord stream = new StreamRecord(UUID.randomUUID().toString(), name, window, now);
        streams.put(stream.id(), stream);
        streamOrder.add(stream);
        return stream;
    }

    StreamRecord stream(String id) {
        StreamRecord stream = streams.get(id);
        if (stream == null) {
            throw ApiError.notFound("Stream not found: " + id);
        }
        return stream;
    }

    /** Newest first. */
    List<StreamRecord> streamsNewestFirst() {
        List<StreamRecord> out = new ArrayList<>(streamOrder);
        Collections.reverse(out);
        return out;
    }
}
