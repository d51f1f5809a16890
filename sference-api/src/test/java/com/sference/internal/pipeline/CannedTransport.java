package com.sference.internal.pipeline;

import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A transport whose answers are scripted, recording every request it is given. */
final class CannedTransport implements Transport {
    final List<TransportRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Function<Integer, CompletableFuture<TransportResponse>> script;

    CannedTransport(Function<Integer, CompletableFuture<TransportResponse>> script) {
        this.script = script;
    }

    static CompletableFuture<TransportResponse> status(int status, Map<String, List<String>> headers) {
        return CompletableFuture.completedFuture(response(status, headers, ""));
    }

    static CompletableFuture<TransportResponse> status(int status) {
        return status(status, Map.of());
    }

    static TransportResponse response(int status, Map<String, List<String>> headers, String body) {
        return TransportResponse.of(status, headers, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public CompletableFuture<TransportResponse> send(TransportRequest request) {
        requests.add(request);
        return script.apply(requests.size());
    }

    @Override
    public String name() {
        return "canned";
    }

    @Override
    public void close() {}
}
