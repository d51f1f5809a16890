package com.sference.internal.client;

import com.sference.ApiException;
import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.WaitTimeoutException;
import com.sference.internal.pipeline.Scheduling;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import com.sference.model.WaitOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a job on a scheduler until it is terminal or the wait times out; no thread sleeps. A poll
 * that fails for a reason that may pass (a dropped connection, a timeout, a 5xx or 429 after the
 * call's own retries, a garbled answer) is logged and the next poll follows at the usual
 * interval, until the wait's deadline; only a final answer (such as 401, 403 or 404, or a closed
 * client) ends the wait early.
 */
final class Poller {
    /** How far past its deadline a wait whose poll hangs may end. */
    static final Duration HANGING_POLL_GRACE = Duration.ofSeconds(1);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final OpenCalls openCalls;
    private final Logger logger;

    Poller(ScheduledExecutorService scheduler, Clock clock, OpenCalls openCalls, Logger logger) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.openCalls = openCalls;
        this.logger = logger;
    }

    /**
     * {@return the first state {@code done} accepts}
     *
     * @param id the job id, for the timeout message
     * @param fetch fetches the current state
     * @param done whether a state is final
     * @param statusText the status of a state, for the timeout message
     * @param options interval and timeout
     * @param onProgress called with every state fetched
     */
    <T> CompletableFuture<T> poll(String id, Supplier<CompletableFuture<T>> fetch, Predicate<T> done,
            Function<T, String> statusText, WaitOptions options, Consumer<T> onProgress) {
        CompletableFuture<T> result = openCalls.track(new CompletableFuture<>(), "waiting for " + id);
        AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();
        result.whenComplete((state, failure) -> {
            CompletableFuture<T> current = inFlight.get();
            if (failure != null && current != null) {
                current.cancel(true);
            }
        });
        Instant deadline = clock.instant().plus(options.timeout());
        Wait<T> wait = new Wait<>(id, fetch, done, statusText, options, onProgress, deadline, result, inFlight,
                new AtomicReference<>("unknown"), new AtomicReference<>());
        // A poll that answers checks the deadline itself; this backstop ends a wait whose poll hangs,
        // late by at most HANGING_POLL_GRACE, so that a poll already on its way still counts.
        ScheduledFuture<?> timer = Scheduling.schedule(scheduler, options.timeout().plus(HANGING_POLL_GRACE),
                () -> timedOut(wait), result, "waiting for " + id);
        if (timer != null) {
            result.whenComplete((state, failure) -> timer.cancel(false));
        }
        step(wait);
        return result;
    }

    /** One wait in progress. */
    private record Wait<T>(String id, Supplier<CompletableFuture<T>> fetch, Predicate<T> done,
            Function<T, String> statusText, WaitOptions options, Consumer<T> onProgress, Instant deadline,
            CompletableFuture<T> result, AtomicReference<CompletableFuture<T>> inFlight,
            AtomicReference<String> lastStatus, AtomicReference<Throwable> lastFailure) {}

    private <T> void step(Wait<T> wait) {
        if (wait.result().isDone()) {
            return;
        }
        CompletableFuture<T> current = wait.fetch().get();
        wait.inFlight().set(current);
        if (wait.result().isDone()) {
            current.cancel(true); // the wait ended while this poll started
            return;
        }
        current.whenComplete((state, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrapCompletion(failure);
                if (!isTransient(cause)) {
                    wait.result().completeExceptionally(cause);
                    return;
                }
                logger.log(Level.WARNING, "waiting for {0}: a poll failed, polling on until the deadline: {1}",
                        wait.id(), cause.getMessage());
                wait.lastFailure().set(cause);
                next(wait);
                return;
            }
            wait.lastStatus().set(wait.statusText().apply(state));
            try {
                wait.onProgress().accept(state);
            } catch (RuntimeException e) {
                wait.result().completeExceptionally(e);
                return;
            }
            if (wait.done().test(state)) {
                wait.result().complete(state);
                return;
            }
            wait.lastFailure().set(null);
            next(wait);
        });
    }

    /** Schedules the next poll, or ends the wait at its deadline. */
    private <T> void next(Wait<T> wait) {
        Duration left = Duration.between(clock.instant(), wait.deadline());
        if (left.isNegative() || left.isZero()) {
            timedOut(wait);
            return;
        }
        Duration delay = wait.options().pollInterval().compareTo(left) < 0 ? wait.options().pollInterval() : left;
        Scheduling.schedule(scheduler, delay, () -> step(wait), wait.result(), "waiting for " + wait.id());
    }

    /** Ends the wait with a {@link WaitTimeoutException}, whose cause is the last failed poll, if the last one failed. */
    private static <T> void timedOut(Wait<T> wait) {
        WaitTimeoutException timeout = new WaitTimeoutException(wait.id(), wait.lastStatus().get(),
                wait.options().timeout());
        Throwable lastFailure = wait.lastFailure().get();
        if (lastFailure != null) {
            timeout.initCause(lastFailure);
        }
        wait.result().completeExceptionally(timeout);
    }

    /** {@return whether a failed poll may succeed later} */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof TransportException) {
            return ((TransportException) failure).retryable()
                    || failure instanceof RequestTimeoutException;
        }
        if (failure instanceof ApiException) {
            int status = ((ApiException) failure).status();
            return status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
        }
        return failure instanceof UnexpectedResponseException;
    }
}
