package com.sference.internal.pipeline;

import com.sference.RequestTimeoutException;
import com.sference.RetryOptions;
import com.sference.TransportException;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The chain every call goes through: a fixed list of policies that ends in the transport.
 *
 * <p>The pipeline owns two concerns that no policy repeats: the call's deadline, and cancellation.
 * When the future {@link #send} returns fails for any reason (cancelled by the caller, past the
 * deadline, failed by a closing client), every exchange the call started is cancelled and a
 * response that arrives afterwards is closed, whatever futures the policies returned.
 */
public final class Pipeline {
    /** The default cap on an answer read into memory: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final List<Policy> policies;
    private final Transport transport;
    private final ScheduledExecutorService scheduler;

    Pipeline(List<Policy> policies, Transport transport, ScheduledExecutorService scheduler) {
        this.policies = List.copyOf(policies);
        this.transport = transport;
        this.scheduler = scheduler;
    }

    /**
     * What the standard pipeline is built from.
     *
     * @param transport the transport at the end of the chain
     * @param retry the retry rules
     * @param userAgent the {@code User-Agent} value
     * @param credential the current API key or token, read per attempt
     * @param logger where attempts are logged
     * @param logLevel the level they are logged at
     * @param clock the clock
     * @param scheduler runs retry waits and deadlines
     * @param io reads buffered answers, never a transport's thread
     * @param maxResponseBytes the cap on an answer read into memory
     * @param random the jitter source
     */
    public record Settings(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler, Executor io, long maxResponseBytes, DoubleSupplier random) {}

    /**
     * {@return the SDK's pipeline} From the caller to the wire: the idempotency key (once per call),
     * retries, then per attempt reading a buffered answer, the user agent, the credential, and
     * logging closest to the wire.
     */
    public static Pipeline standard(Settings settings) {
        return new Pipeline(List.of(
                new IdempotencyKeyPolicy(),
                new RetryPolicy(settings.retry(), settings.clock(), settings.random(), settings.scheduler()),
                new BufferingPolicy(settings.io(), settings.maxResponseBytes()),
                new UserAgentPolicy(settings.userAgent()),
                new AuthPolicy(settings.credential()),
                new LoggingPolicy(settings.logger(), settings.logLevel(), settings.clock())),
                settings.transport(), settings.scheduler());
    }

    /** {@return the SDK's pipeline with the default cap, buffered answers read on the common pool} */
    public static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler) {
        return standard(transport, retry, userAgent, credential, logger, logLevel, clock, scheduler,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler, DoubleSupplier random) {
        return standard(new Settings(transport, retry, userAgent, credential, logger, logLevel, clock, scheduler,
                ForkJoinPool.commonPool(), DEFAULT_MAX_RESPONSE_BYTES, random));
    }

    /**
     * {@return the response to {@code request}, after every policy has had its say} Failing or
     * cancelling the returned future cancels the call's exchanges.
     */
    public CompletableFuture<TransportResponse> send(TransportRequest request, CallContext context) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = context.deadline()
                .map(deadline -> Scheduling.schedule(scheduler,
                        Duration.between(context.started(), deadline), () -> result.completeExceptionally(
                                new RequestTimeoutException(request.method(), request.uri(),
                                        "the call's deadline passed after "
                                                + Duration.between(context.started(), deadline), null, false)),
                        result, request.toString()))
                .orElse(null);
        result.whenComplete((response, failure) -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (failure != null) {
                context.cancellation().cancel();
            }
        });
        if (!result.isDone()) {
            proceed(0, request, context).whenComplete((response, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else if (!result.complete(response)) {
                    response.close(); // the call ended meanwhile: nobody else will close it
                }
            });
        }
        return result;
    }

    private CompletableFuture<TransportResponse> proceed(int index, TransportRequest request, CallContext context) {
        if (index == policies.size()) {
            return exchange(request, context);
        }
        try {
            return policies.get(index).process(request, context,
                    (next, nextContext) -> proceed(index + 1, next, nextContext));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<TransportResponse> exchange(TransportRequest request, CallContext context) {
        CompletableFuture<TransportResponse> sent;
        try {
            sent = transport.send(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof TransportException ? e
                    : new TransportException(request.method(), request.uri(), "the transport failed: " + e, e));
        }
        context.cancellation().onCancel(() -> {
            sent.cancel(true);
            sent.thenAccept(TransportResponse::close);
        });
        return sent;
    }
}
