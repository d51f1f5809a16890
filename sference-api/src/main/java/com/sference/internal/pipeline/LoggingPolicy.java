package com.sference.internal.pipeline;

import com.sference.SferenceException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * Logs one line per attempt: method, URL, status or failure, milliseconds and try number. Header
 * values print only when allow-listed; credentials never do.
 */
final class LoggingPolicy implements Policy {
    static final Set<String> ALLOWED_HEADERS = Set.of(
            "content-type", "content-length", "retry-after", "user-agent", "idempotency-key", "x-request-id",
            "accept", "transfer-encoding");
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "cookie", "set-cookie");

    private final Logger logger;
    private final Level level;
    private final Clock clock;

    LoggingPolicy(Logger logger, Level level, Clock clock) {
        this.logger = logger;
        this.level = level;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        if (!logger.isLoggable(level)) {
            return next.proceed(request, context);
        }
        Instant start = clock.instant();
        return next.proceed(request, context).whenComplete((response, failure) -> {
            long ms = Duration.between(start, clock.instant()).toMillis();
            String outcome = failure == null
                    ? String.valueOf(response.status())
                    : "failed: " + SferenceException.unwrap(failure).getMessage();
            logger.log(level, "{0} {1} -> {2} in {3} ms (try {4}) request headers {5}",
                    request.method(), request.uri(), outcome, ms, context.attempt(), redact(request.headers()));
        });
    }

    /** {@return the headers with every value that is not allow-listed replaced by REDACTED} */
    static String redact(Map<String, List<String>> headers) {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        headers.forEach((name, values) -> {
            boolean shown = ALLOWED_HEADERS.contains(name) && !SECRET_HEADERS.contains(name);
            joined.add(name + "=" + (shown ? String.join(",", values) : "REDACTED"));
        });
        return joined.toString();
    }
}
