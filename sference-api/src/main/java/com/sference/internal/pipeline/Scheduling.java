package com.sference.internal.pipeline;

import com.sference.ClientClosedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the next step of a call. A scheduler that refuses the task (its client was closed)
 * fails the call with {@link ClientClosedException} instead of dropping it, so no caller waits
 * for a step that will never run.
 */
public final class Scheduling {
    private Scheduling() {}

    /**
     * Runs {@code task} after {@code delay}, or fails {@code call} if {@code scheduler} refuses it.
     *
     * @param what the call, for the message
     * @return the scheduled task, or null if it was refused
     */
    public static ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration delay, Runnable task,
            CompletableFuture<?> call, String what) {
        try {
            return scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            call.completeExceptionally(new ClientClosedException(what));
            return null;
        }
    }
}
