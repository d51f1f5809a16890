package com.sference.internal.client;

import static com.sference.internal.client.ApiCaller.encode;

import com.sference.AsyncResponses;
import com.sference.model.CreateResponseRequest;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.WaitOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

final class AsyncResponsesImpl implements AsyncResponses {
    private final ApiCaller caller;
    private final Poller poller;

    AsyncResponsesImpl(ApiCaller caller, Poller poller) {
        this.caller = caller;
        this.poller = poller;
    }

    @Override
    public CompletableFuture<Response> create(CreateResponseRequest request) {
        Objects.requireNonNull(request, "request");
        return caller.json("POST", "/v1/responses", request, Response.class);
    }

    @Override
    public CompletableFuture<Response> get(String id) {
        return caller.json("GET", "/v1/responses/" + encode(id), null, Response.class);
    }

    @Override
    public CompletableFuture<ResponsePage> list() {
        return list(ResponseQuery.all());
    }

    @Override
    public CompletableFuture<ResponsePage> list(ResponseQuery query) {
        Objects.requireNonNull(query, "query");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", String.valueOf(query.limit()));
        if (query.streamId() != null) {
            params.put("stream_id", query.streamId());
        }
        return caller.json("GET", "/v1/responses", params, null, ResponsePage.class, Duration.ZERO);
    }

    @Override
    public CompletableFuture<Response> cancel(String id) {
        return caller.json("DELETE", "/v1/responses/" + encode(id), null, Response.class);
    }

    @Override
    public CompletableFuture<Response> waitForCompletion(String id, WaitOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        return poller.poll(id, () -> get(id), Response::isTerminal, Response::statusText, options, response -> { });
    }

    @Override
    public CompletableFuture<Response> createAndWait(CreateResponseRequest request) {
        return createAndWait(request, WaitOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<Response> createAndWait(CreateResponseRequest request, WaitOptions options) {
        Objects.requireNonNull(options, "options");
        return Futures.then(create(request), created -> created.isTerminal()
                ? CompletableFuture.completedFuture(created)
                : waitForCompletion(created.id(), options));
    }
}
