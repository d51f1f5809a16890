package com.sference.internal.client;

import com.sference.ClientClosedException;
import com.sference.RequestTimeoutException;
import com.sference.SferenceException;
import com.sference.internal.json.Json;
import com.sference.internal.pipeline.BodyFailures;
import com.sference.internal.pipeline.CallContext;
import com.sference.internal.pipeline.Pipeline;
import com.sference.internal.pipeline.Scheduling;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes one API call: builds the request (a POST with its {@code Idempotency-Key}, once per
 * call), runs it through the pipeline, maps a non-2xx status to its exception, and decodes JSON
 * on the client's I/O threads. Every call is tracked by the client's {@link OpenCalls}, so
 * closing the client ends it; its deadline covers it whole, body included; and its future
 * completes on an I/O thread, never on a transport's or a timer's.
 */
final class ApiCaller {
    private static final String IDEMPOTENCY_KEY = "idempotency-key";

    private final URI baseUrl;
    private final Pipeline pipeline;
    private final Executor io;
    private final Clock clock;
    private final CallTimeouts timeouts;
    private final OpenCalls openCalls;
    private final ScheduledExecutorService scheduler;

    ApiCaller(URI baseUrl, Pipeline pipeline, Executor io, Clock clock, CallTimeouts timeouts, OpenCalls openCalls,
            ScheduledExecutorService scheduler) {
        this.baseUrl = baseUrl;
        this.pipeline = pipeline;
        this.io = io;
        this.clock = clock;
        this.timeouts = timeouts;
        this.openCalls = openCalls;
        this.scheduler = scheduler;
    }

    /**
     * The timeouts of every call.
     *
     * @param head how long to wait for a response head
     * @param read the longest silence within an exchange
     * @param deadline how long a whole call may take, retries included, if bounded
     */
    record CallTimeouts(Duration head, Duration read, Optional<Duration> deadline) {}

    /** {@return the API origin, without a trailing slash} */
    URI baseUrl() {
        return baseUrl;
    }

    Executor io() {
        return io;
    }

    /**
     * {@return the value of {@code work}, run on an I/O thread as a tracked step of a call} (for
     * example validating a workload before it is sent); refused at once once the client is closed.
     */
    <T> CompletableFuture<T> onIo(Supplier<T> work, String what) {
        CompletableFuture<T> refused = openCalls.refuseIfClosed(what);
        if (refused != null) {
            return refused;
        }
        CompletableFuture<T> result = openCalls.track(new CompletableFuture<>(), what);
        try {
            io.execute(() -> {
                try {
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ClientClosedException(what));
        }
        return result;
    }

    /** {@return the decoded JSON answer to {@code method path}, with {@code body} (any object, or null) as JSON} */
    <T> CompletableFuture<T> json(String method, String path, Map<String, String> query, Object body, Type type,
            Duration extraTimeout) {
        RequestBody requestBody = body == null ? null
                : body instanceof RequestBody ? (RequestBody) body : RequestBody.ofString(Json.write(body));
        TransportRequest request = request(method, path, query, requestBody, extraTimeout);
        return call(request, CallContext.Body.BUFFERED, extraTimeout, response -> JsonAnswer.read(request, response, type));
    }

    <T> CompletableFuture<T> json(String method, String path, Object body, Type type) {
        return json(method, path, Map.of(), body, type, Duration.ZERO);
    }

    /**
     * {@return the result of {@code use}, applied on an I/O thread to the streamed successful
     * response to {@code method path}}, which is closed afterwards. Failing or cancelling the
     * result aborts the exchange, even while {@code use} reads the body.
     */
    <T> CompletableFuture<T> streamed(String method, String path, BodyReader<T> use) {
        TransportRequest request = request(method, path, Map.of(), null, Duration.ZERO);
        return call(request, CallContext.Body.STREAMED, Duration.ZERO, response -> {
            try (response) {
                return use.read(response);
            } catch (IOException e) {
                throw BodyFailures.of(request, e, -1, false);
            }
        });
    }

    /** Reads a streamed response; an {@link IOException} is a failure of the body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(TransportResponse response) throws IOException;
    }

    private TransportRequest request(String method, String path, Map<String, String> query, RequestBody body,
            Duration extraTimeout) {
        TransportRequest.Builder builder = TransportRequest.newBuilder(method, uri(path, query))
                .header("accept", "application/json")
                .body(body)
                .timeout(timeouts.head().plus(extraTimeout))
                .readTimeout(timeouts.read().plus(extraTimeout));
        if (method.equals("POST")) {
            builder.header(IDEMPOTENCY_KEY, UUID.randomUUID().toString());
        }
        return builder.build();
    }

    /** Runs {@code request} through the pipeline and {@code use} on its successful response. */
    private <T> CompletableFuture<T> call(TransportRequest request, CallContext.Body body, Duration extraTimeout,
            Function<TransportResponse, T> use) {
        String what = request.toString();
        CompletableFuture<T> refused = openCalls.refuseIfClosed(what);
        if (refused != null) {
            return refused;
        }
        Instant now = clock.instant();
        Optional<Duration> deadline = timeouts.deadline().map(d -> d.plus(extraTimeout)); // a long-poll adds its wait
        CompletableFuture<TransportResponse> sent = pipeline.send(request,
                CallContext.of(now, deadline.map(now::plus), body));
        CompletableFuture<TransportResponse> checked = Futures.abortingOnFailure(sent.thenApplyAsync(response -> {
            if (response.status() >= 200 && response.status() < 300) {
                return response;
            }
            throw response.status() >= 400
                    ? ErrorMapper.toException(request, response, clock.instant())
                    : ErrorMapper.unexpectedStatus(request, response);
        }, io), sent);
        CompletableFuture<T> used = Futures.abortingOnFailure(checked.thenApplyAsync(use, io), checked);
        CompletableFuture<T> result = openCalls.track(new CompletableFuture<>(), what);
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                used.cancel(true);
            }
        });
        used.whenCompleteAsync((value, failure) -> settle(result, value, failure, request), this::runOnIo);
        deadline.ifPresent(limit -> endAtDeadline(result, request, limit));
        return result;
    }

    /** Completes what the caller sees: with the value, or a failure that names the call and its key. */
    private static <T> void settle(CompletableFuture<T> result, T value, Throwable failure, TransportRequest request) {
        if (failure == null) {
            result.complete(value);
            return;
        }
        Throwable cause = Futures.unwrapCompletion(failure);
        if (!(cause instanceof SferenceException) && !(cause instanceof CancellationException)) {
            cause = new SferenceException("the call failed: " + cause + " (" + request + ")", cause);
        }
        if (cause instanceof SferenceException) {
            request.header(IDEMPOTENCY_KEY).ifPresent(((SferenceException) cause)::recordIdempotencyKey);
        }
        result.completeExceptionally(cause);
    }

    /** Runs on an I/O thread; inline if the client is closing, so no completion is ever dropped. */
    private void runOnIo(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Fails {@code call} once {@code deadline} has passed, which aborts its exchange. */
    private void endAtDeadline(CompletableFuture<?> call, TransportRequest request, Duration deadline) {
        ScheduledFuture<?> timer = Scheduling.schedule(scheduler, deadline, () -> call.completeExceptionally(
                new RequestTimeoutException(request.method(), request.uri(),
                        "the call's deadline passed after " + deadline, null, false)), call, request.toString());
        if (timer != null) {
            call.whenComplete((value, failure) -> timer.cancel(false));
        }
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return URI.create(baseUrl + path + joined);
    }

    /** {@return {@code value} encoded for a path segment or query value} */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
