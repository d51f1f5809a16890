package com.sference.internal.client;

import com.sference.SferenceException;
import com.sference.internal.json.Json;
import com.sference.internal.pipeline.CallContext;
import com.sference.internal.pipeline.Pipeline;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Makes one API call: builds the request, runs it through the pipeline, maps an error status to
 * its exception, and decodes JSON on the client's I/O threads (never on a transport's thread).
 */
final class ApiCaller {
    private final URI baseUrl;
    private final Pipeline pipeline;
    private final Executor io;
    private final Clock clock;
    private final Duration timeout;

    ApiCaller(URI baseUrl, Pipeline pipeline, Executor io, Clock clock, Duration timeout) {
        this.baseUrl = baseUrl;
        this.pipeline = pipeline;
        this.io = io;
        this.clock = clock;
        this.timeout = timeout;
    }

    Executor io() {
        return io;
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
        CompletableFuture<TransportResponse> exchange = exchange(method, path, query, requestBody, extraTimeout);
        return consuming(exchange, response -> decode(response, type));
    }

    /**
     * {@return {@code use} applied on an I/O thread to the response of {@code exchange}}, which
     * {@code use} closes. Cancelling the result cancels the exchange, and closes its response if
     * it arrives anyway, so that a cancelled call never holds a connection.
     */
    <T> CompletableFuture<T> consuming(CompletableFuture<TransportResponse> exchange,
            Function<TransportResponse, T> use) {
        return Futures.releasingOnCancel(exchange.thenApplyAsync(use, io), exchange);
    }

    <T> CompletableFuture<T> json(String method, String path, Object body, Type type) {
        return json(method, path, Map.of(), body, type, Duration.ZERO);
    }

    /** {@return the successful response to {@code method path}, its body unread; the caller closes it} */
    CompletableFuture<TransportResponse> exchange(String method, String path, Map<String, String> query,
            RequestBody body, Duration extraTimeout) {
        TransportRequest request = TransportRequest.newBuilder(method, uri(path, query))
                .header("accept", "application/json")
                .body(body)
                .timeout(timeout.plus(extraTimeout))
                .build();
        CompletableFuture<TransportResponse> sent = pipeline.send(request, CallContext.startingAt(clock.instant()));
        CompletableFuture<TransportResponse> checked = sent.thenComposeAsync(response -> response.status() >= 400
                ? CompletableFuture.failedFuture(ErrorMapper.toException(request, response, clock.instant()))
                : CompletableFuture.completedFuture(response), io);
        return Futures.releasingOnCancel(checked, sent);
    }

    private static <T> T decode(TransportResponse response, Type type) {
        try (response; InputStream in = response.body()) {
            return Json.read(in, type);
        } catch (IOException e) {
            throw new SferenceException("reading the response failed: " + e.getMessage(), e);
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
