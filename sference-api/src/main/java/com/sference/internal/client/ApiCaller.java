package com.sference.internal.client;

import com.google.gson.JsonIOException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sference.RequestTimeoutException;
import com.sference.SferenceException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.internal.json.Json;
import com.sference.internal.pipeline.CallContext;
import com.sference.internal.pipeline.Causes;
import com.sference.internal.pipeline.Pipeline;
import com.sference.internal.pipeline.Scheduling;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * Makes one API call: builds the request, runs it through the pipeline, maps a non-2xx status to
 * its exception, and decodes JSON on the client's I/O threads (never on a transport's thread).
 * Every call is tracked by the client's {@link OpenCalls}, so closing the client ends it.
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

    Executor io() {
        return io;
    }

    OpenCalls openCalls() {
        return openCalls;
    }

    /** {@return the API origin, without a trailing slash} */
    URI baseUrl() {
        return baseUrl;
    }

    /** {@return the decoded JSON answer to {@code method path}, with {@code body} (any object, or null) as JSON} */
    <T> CompletableFuture<T> json(String method, String path, Map<String, String> query, Object body, Type type,
            Duration extraTimeout) {
        RequestBody requestBody = body == null ? null
                : body instanceof RequestBody ? (RequestBody) body : RequestBody.ofString(Json.write(body));
        TransportRequest request = request(method, path, query, requestBody, extraTimeout);
        return consuming(request, send(request, CallContext.Body.BUFFERED), response -> decode(request, response, type));
    }

    <T> CompletableFuture<T> json(String method, String path, Object body, Type type) {
        return json(method, path, Map.of(), body, type, Duration.ZERO);
    }

    /**
     * {@return the result of {@code use}, applied on an I/O thread to the streamed successful
     * response to {@code method path}}, which {@code use} closes. Failing or cancelling the result
     * aborts the exchange, even while {@code use} reads the body.
     */
    <T> CompletableFuture<T> streamed(String method, String path, BodyReader<T> use) {
        TransportRequest request = request(method, path, Map.of(), null, Duration.ZERO);
        return consuming(request, send(request, CallContext.Body.STREAMED), response -> {
            try (response) {
                return use.read(response);
            } catch (IOException e) {
                throw new TransportException(request.method(), request.uri(),
                        "reading the response body failed: " + Causes.describe(e), e, false);
            }
        });
    }

    /** Reads a streamed response; an {@link IOException} is a failure of the body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(TransportResponse response) throws IOException;
    }

    private <T> CompletableFuture<T> consuming(TransportRequest request, CompletableFuture<TransportResponse> exchange,
            Function<TransportResponse, T> use) {
        CompletableFuture<T> result = Futures.abortingOnFailure(exchange.thenApplyAsync(use, io), exchange);
        timeouts.deadline().ifPresent(deadline -> endAtDeadline(result, request, deadline));
        return openCalls.track(withIdempotencyKey(result, request), request.toString());
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

    /** {@return the successful response to {@code request}; a non-2xx one fails, as its exception} */
    private CompletableFuture<TransportResponse> send(TransportRequest request, CallContext.Body body) {
        CompletableFuture<TransportResponse> refused = openCalls.refuseIfClosed(request.toString());
        if (refused != null) {
            return refused;
        }
        Instant now = clock.instant();
        CallContext context = CallContext.of(now, timeouts.deadline().map(now::plus), body);
        CompletableFuture<TransportResponse> sent = pipeline.send(request, context);
        CompletableFuture<TransportResponse> checked = sent.thenComposeAsync(response -> {
            if (response.status() >= 200 && response.status() < 300) {
                return CompletableFuture.completedFuture(response);
            }
            return CompletableFuture.failedFuture(response.status() >= 400
                    ? ErrorMapper.toException(request, response, clock.instant())
                    : ErrorMapper.unexpectedStatus(request, response));
        }, io);
        return Futures.abortingOnFailure(checked, sent);
    }

    /**
     * Fails {@code call} once {@code deadline} has passed, which aborts its exchange: the pipeline
     * bounds the exchange itself, this bounds what follows it (reading a streamed body).
     */
    private void endAtDeadline(CompletableFuture<?> call, TransportRequest request, Duration deadline) {
        ScheduledFuture<?> timer = Scheduling.schedule(scheduler, deadline, () -> call.completeExceptionally(
                new RequestTimeoutException(request.method(), request.uri(),
                        "the call's deadline passed after " + deadline, null, false)), call, request.toString());
        if (timer != null) {
            call.whenComplete((value, failure) -> timer.cancel(false));
        }
    }

    /** Gives a failed POST's exception the key it was sent with, so its caller can reconcile. */
    private static <T> CompletableFuture<T> withIdempotencyKey(CompletableFuture<T> call, TransportRequest request) {
        Optional<String> key = request.header(IDEMPOTENCY_KEY);
        if (key.isPresent()) {
            call.whenComplete((value, failure) -> {
                Throwable cause = failure == null ? null : Futures.unwrapCompletion(failure);
                if (cause instanceof SferenceException) {
                    ((SferenceException) cause).recordIdempotencyKey(key.get());
                }
            });
        }
        return call;
    }

    /** Reads the JSON answer strictly: trailing data, comments or unquoted text are not JSON. */
    private static <T> T decode(TransportRequest request, TransportResponse response, Type type) {
        try (response; Reader reader = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            JsonReader json = Json.GSON.newJsonReader(reader);
            json.setStrictness(Strictness.STRICT);
            if (json.peek() == JsonToken.END_DOCUMENT) {
                throw unexpected(request, response, "an empty body where a JSON answer was expected", null);
            }
            T value = Json.GSON.fromJson(json, type);
            if (value == null || json.peek() != JsonToken.END_DOCUMENT) {
                throw unexpected(request, response, value == null ? "null where a JSON answer was expected"
                        : "more data after the JSON answer", null);
            }
            return value;
        } catch (MalformedJsonException | EOFException e) {
            throw unexpected(request, response, "the body is not valid JSON" + where(e), e);
        } catch (JsonIOException | IOException e) {
            throw new TransportException(request.method(), request.uri(),
                    "reading the response failed: " + Causes.describe(e), e, false);
        } catch (UnexpectedResponseException e) {
            throw e;
        } catch (RuntimeException e) {
            String what = type instanceof Class ? ((Class<?>) type).getSimpleName() : "the expected answer";
            throw unexpected(request, response, "the body is not a valid " + what + ": " + Causes.describe(e), e);
        }
    }

    /** {@return Gson's position of a syntax error, without its advice to parse leniently} */
    private static String where(IOException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(" at line ");
        return at < 0 ? "" : " (" + message.substring(at + 1) + ")";
    }

    private static UnexpectedResponseException unexpected(TransportRequest request, TransportResponse response,
            String reason, Throwable cause) {
        return new UnexpectedResponseException(response.status(), request.method(), request.uri(), reason,
                Futures.boundedCause(cause));
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
