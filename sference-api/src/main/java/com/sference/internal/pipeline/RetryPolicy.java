package com.sference.internal.pipeline;

import com.sference.RetryOptions;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;

/**
 * Retries a call on the failures its transport calls {@linkplain TransportException#retryable()
 * retryable} (a refused or reset connection, a timeout, an answer cut short) and on the transient
 * statuses of {@link RetryOptions}: each attempt starts from the original request, a failed response is
 * drained and closed before the wait, waits run on a scheduler, no retry starts after
 * {@link RetryOptions#maxElapsed()}, a non-replayable body is never resent, and earlier failures
 * are kept as suppressed exceptions.
 */
final class RetryPolicy implements Policy {
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final RetryOptions options;
    private final Clock clock;
    private final DoubleSupplier random;
    private final ScheduledExecutorService scheduler;

    RetryPolicy(RetryOptions options, Clock clock, DoubleSupplier random, ScheduledExecutorService scheduler) {
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        attempt(request, context, next, result, new ArrayList<>());
        return result;
    }

    private void attempt(TransportRequest request, CallContext context, Next next,
            CompletableFuture<TransportResponse> result, List<Throwable> earlier) {
        if (result.isDone() || context.cancellation().isCancelled()) {
            return;
        }
        next.proceed(request, context).whenComplete((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                Optional<Duration> delay = isRetryable(cause)
                        ? retryDelay(request, context, Optional.empty()) : Optional.empty();
                if (delay.isEmpty()) {
                    earlier.forEach(cause::addSuppressed);
                    result.completeExceptionally(cause);
                    return;
                }
                earlier.add(cause);
                retryAfter(delay.get(), request, context, next, result, earlier);
                return;
            }
            Optional<Duration> delay = options.retryableStatuses().contains(response.status())
                    ? retryDelay(request, context, response.header("retry-after")) : Optional.empty();
            if (delay.isEmpty()) {
                if (!result.complete(response)) {
                    response.close();
                }
                return;
            }
            drainAndClose(response);
            retryAfter(delay.get(), request, context, next, result, earlier);
        });
    }

    private void retryAfter(Duration delay, TransportRequest request, CallContext context, Next next,
            CompletableFuture<TransportResponse> result, List<Throwable> earlier) {
        Scheduling.schedule(scheduler, delay,
                () -> attempt(request, context.withAttempt(context.attempt() + 1), next, result, earlier),
                result, request.toString());
    }

    /** The transport's word decides, never the exception's type alone. */
    private static boolean isRetryable(Throwable failure) {
        return failure instanceof TransportException && ((TransportException) failure).retryable();
    }

    /** {@return the wait before the next try, or empty when the call must not be retried} */
    private Optional<Duration> retryDelay(TransportRequest request, CallContext context, Optional<String> retryAfter) {
        if (context.attempt() > options.maxRetries()) {
            return Optional.empty();
        }
        if (request.body().isPresent() && !request.body().get().isReplayable()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Duration delay = backoff(context.attempt());
        Optional<Duration> asked = retryAfter.flatMap(value -> RetryAfter.parse(value, now));
        if (asked.isPresent()) {
            if (asked.get().compareTo(options.maxRetryAfter()) > 0) {
                return Optional.empty();
            }
            delay = asked.get().compareTo(delay) > 0 ? asked.get() : delay;
        }
        Instant deadline = context.started().plus(options.maxElapsed());
        if (context.deadline().isPresent() && context.deadline().get().isBefore(deadline)) {
            deadline = context.deadline().get();
        }
        return now.plus(delay).isAfter(deadline) ? Optional.empty() : Optional.of(delay);
    }

    private Duration backoff(int attempt) {
        long base = options.baseDelay().toMillis();
        long exponential = base << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, options.maxDelay().toMillis());
        return Duration.ofMillis(Math.round(capped * (1 - options.jitter() * random.getAsDouble())));
    }

    /** Reads a little of a failed response so that its connection can be reused, then closes it. */
    private static void drainAndClose(TransportResponse response) {
        try (response; InputStream body = response.body()) {
            body.readNBytes(DRAIN_LIMIT);
        } catch (IOException | RuntimeException ignored) {
            // The response is being thrown away; a broken body only costs the connection.
        }
    }
}
