package com.sference.internal.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * How a call that ended early (cancelled, failed, past its deadline, or its client closed) reaches
 * the exchanges it started: the pipeline registers an abort for each exchange it hands to the
 * transport, and runs them all once the call's future fails. Policies may return any future, even
 * a derived one; cancellation never depends on which.
 */
public final class CallCancellation {
    private final List<Runnable> aborts = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code abort} when the call is cancelled, at once if it already was. */
    void onCancel(Runnable abort) {
        synchronized (this) {
            if (!cancelled) {
                aborts.add(abort);
                return;
            }
        }
        abort.run();
    }

    /** Runs every registered abort, once. */
    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(aborts);
            aborts.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** {@return whether the call was cancelled} */
    synchronized boolean isCancelled() {
        return cancelled;
    }
}
