package com.sference.internal.pipeline;

import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Gives every POST an {@code Idempotency-Key}; it runs once per call, so each retry reuses it. */
final class IdempotencyKeyPolicy implements Policy {
    static final String HEADER = "idempotency-key";

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        if (request.method().equals("POST") && request.header(HEADER).isEmpty()) {
            request = request.toBuilder().header(HEADER, UUID.randomUUID().toString()).build();
        }
        return next.proceed(request, context);
    }
}
