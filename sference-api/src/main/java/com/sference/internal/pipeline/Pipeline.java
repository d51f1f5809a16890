package com.sference.internal.pipeline;

import com.sference.RetryOptions;
import com.sference.TransportException;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The chain every call goes through: a fixed list of policies that ends in the transport. */
public final class Pipeline {
    private final List<Policy> policies;
    private final Transport transport;

    Pipeline(List<Policy> policies, Transport transport) {
        this.policies = List.copyOf(policies);
        this.transport = transport;
    }

    /**
     * {@return the SDK's pipeline} From the caller to the wire: the idempotency key (once per call),
     * retries, then per attempt the user agent, the credential, and logging closest to the wire.
     */
    public static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler) {
        return standard(transport, retry, userAgent, credential, logger, logLevel, clock, scheduler,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler, DoubleSupplier random) {
        return new Pipeline(List.of(
                new IdempotencyKeyPolicy(),
                new RetryPolicy(retry, clock, random, scheduler),
                new UserAgentPolicy(userAgent),
                new AuthPolicy(credential),
                new LoggingPolicy(logger, logLevel, clock)), transport);
    }

    /** {@return the response to {@code request}, after every policy has had its say} */
    public CompletableFuture<TransportResponse> send(TransportRequest request, CallContext context) {
        return proceed(0, request, context);
    }

    private CompletableFuture<TransportResponse> proceed(int index, TransportRequest request, CallContext context) {
        if (index == policies.size()) {
            try {
                return transport.send(request);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e instanceof TransportException ? e
                        : new TransportException(request.method(), request.uri(), "the transport failed: " + e, e));
            }
        }
        return policies.get(index).process(request, context, (next, nextContext) -> proceed(index + 1, next, nextContext));
    }
}
