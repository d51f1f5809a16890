package com.sference.internal.pipeline;

import com.sference.RetryOptions;
import com.sference.SferenceException;
import com.sference.TransportException;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The chain every call goes through: a fixed list of policies that ends in the transport.
 *
 * <p>The pipeline owns cancellation, which no policy repeats: when the future {@link #send}
 * returns fails for any reason (cancelled by the caller, past the call's deadline, failed by a
 * closing client), every exchange the call started is cancelled and a response that arrives
 * afterwards is closed, whatever futures the policies returned. Every failure it hands out is a
 * {@link SferenceException} or a {@link CancellationException}.
 */
public final class Pipeline {
    /** The default cap on an answer read into memory: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final List<Policy> policies;
    private final Transport transport;

    Pipeline(List<Policy> policies, Transport transport) {
        this.policies = List.copyOf(policies);
        this.transport = transport;
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
     * @param scheduler runs retry waits
     * @param io reads buffered answers, never a transport's thread
     * @param maxResponseBytes the cap on an answer read into memory
     * @param random the jitter source
     */
    public record Settings(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler, Executor io, long maxResponseBytes, DoubleSupplier random) {}

    /**
     * {@return the SDK's pipeline} From the caller to the wire: retries (each attempt a copy of
     * the request, so a POST keeps its {@code Idempotency-Key}), then per attempt reading a
     * buffered answer, the user agent, the credential, and logging closest to the wire. The key
     * itself is given once per call, by the caller that builds the request.
     */
    public static Pipeline standard(Settings settings) {
        return new Pipeline(List.of(
                new RetryPolicy(settings.retry(), settings.clock(), settings.random(), settings.scheduler()),
                new BufferingPolicy(settings.io(), settings.maxResponseBytes()),
                new UserAgentPolicy(settings.userAgent()),
                new AuthPolicy(settings.credential()),
                new LoggingPolicy(settings.logger(), settings.logLevel(), settings.clock())),
                settings.transport());
    }

    /**
     * {@return the response to {@code request}, after every policy has had its say} Failing or
     * cancelling the returned future cancels the call's exchanges.
     */
    public CompletableFuture<TransportResponse> send(TransportRequest request, CallContext context) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        result.whenComplete((response, failure) -> {
            if (failure != null) {
                context.cancellation().cancel();
            }
        });
        proceed(0, request, context).whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(typed(request, failure));
            } else if (!result.complete(response)) {
                response.close(); // the call ended meanwhile: nobody else will close it
            }
        });
        return result;
    }

    /** {@return {@code failure} as a {@link SferenceException}, or as the cancellation it is} */
    private static Throwable typed(TransportRequest request, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SferenceException || cause instanceof CancellationException) {
            return cause;
        }
        return new TransportException(request.method(), request.uri(), "the call failed: " + Causes.describe(cause),
                cause, false);
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
