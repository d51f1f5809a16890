package com.sference.testkit.internal;

/**
 * A unit of work (a batch or a response) that is pending for one step, running for one step,
 * then terminal. Its state changes only under the {@link Store}'s lock.
 */
abstract class Job {

    private final String id;
    private final long createdNanos;
    private final long runningAtNanos;
    private final long dueNanos;
    private Phase terminal;
    private long finishedNanos;

    Job(String id, long createdNanos, long stepNanos) {
        this.id = id;
        this.createdNanos = createdNanos;
        this.runningAtNanos = createdNanos + stepNanos;
        this.dueNanos = createdNanos + 2 * stepNanos;
    }

    final String id() {
        return id;
    }

    final long createdNanos() {
        return createdNanos;
    }

    /** When the job leaves the pending state. */
    final long runningAtNanos() {
        return runningAtNanos;
    }

    /** When the job reaches its terminal state unless cancelled first. */
    final long dueNanos() {
        return dueNanos;
    }

    /** The phase at time {@code now}; the store has finished every job due by then. */
    final Phase phase(long now) {
        if (terminal != null) {
            return terminal;
        }
        return now < runningAtNanos ? Phase.PENDING : Phase.RUNNING;
    }

    final boolean isTerminal() {
        return terminal != null;
    }

    /** When the job became terminal; meaningful only once it is. */
    final long finishedNanos() {
        return finishedNanos;
    }

    /** Ends the job with the outcome of its model. */
    final void finish(long atNanos) {
        end(outcome(), atNanos);
    }

    /** Ends the job as cancelled. */
    final void cancel(long atNanos) {
        end(Phase.CANCELLED, atNanos);
    }

    private void end(Phase phase, long atNanos) {
        if (terminal == null) {
            terminal = phase;
            finishedNanos = atNanos;
        }
    }

    /** {@link Phase#COMPLETED} or {@link Phase#FAILED}, as the model decided. */
    abstract Phase outcome();
}
