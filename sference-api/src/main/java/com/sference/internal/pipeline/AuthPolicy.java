package com.sference.internal.pipeline;

import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Sends the current credential as {@code Authorization: Bearer}; read per attempt, so a login takes effect at once. */
final class AuthPolicy implements Policy {
    private final Supplier<Optional<String>> credential;

    AuthPolicy(Supplier<Optional<String>> credential) {
        this.credential = credential;
    }

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        Optional<String> token = credential.get();
        if (token.isEmpty() || request.header("authorization").isPresent()) {
            return next.proceed(request, context);
        }
        return next.proceed(request.toBuilder().header("authorization", "Bearer " + token.get()).build(), context);
    }
}
