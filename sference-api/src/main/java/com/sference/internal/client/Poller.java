package com.sference.internal.client;

import com.sference.WaitTimeoutException;
import com.sference.model.WaitOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a job on a scheduler until it is terminal or the wait times out; no thread sleeps. */
final class Poller {
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    Poller(ScheduledExecutorService scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
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
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();
        result.whenComplete((state, failure) -> {
            CompletableFuture<T> current = inFlight.get();
            if (result.isCancelled() && current != null) {
                current.cancel(true);
            }
        });
        Instant deadline = clock.instant().plus(options.timeout());
        step(new Wait<>(id, fetch, done, statusText, options, onProgress, deadline, result, inFlight));
        return result;
    }

    /** One wait in progress. */
    private record Wait<T>(String id, Supplier<CompletableFuture<T>> fetch, Predicate<T> done,
            Function<T, String> statusText, WaitOptions options, Consumer<T> onProgress, Instant deadline,
            CompletableFuture<T> result, AtomicReference<CompletableFuture<T>> inFlight) {}

    private <T> void step(Wait<T> wait) {
        if (wait.result().isDone()) {
            return;
        }
        CompletableFuture<T> current = wait.fetch().get();
        wait.inFlight().set(current);
        current.whenComplete((state, failure) -> {
            if (failure != null) {
                wait.result().completeExceptionally(failure);
                return;
            }
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
            Duration left = Duration.between(clock.instant(), wait.deadline());
            if (left.isNegative() || left.isZero()) {
                wait.result().completeExceptionally(
                        new WaitTimeoutException(wait.id(), wait.statusText().apply(state), wait.options().timeout()));
                return;
            }
            long delay = Math.min(wait.options().pollInterval().toMillis(), left.toMillis());
            scheduler.schedule(() -> step(wait), delay, TimeUnit.MILLISECONDS);
        });
    }
}
