package com.sference.internal.pipeline;

import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.util.concurrent.CompletableFuture;

/** Sets {@code User-Agent: sference-java/<version>}. */
final class UserAgentPolicy implements Policy {
    private final String userAgent;

    UserAgentPolicy(String userAgent) {
        this.userAgent = userAgent;
    }

    @Override
    public CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next) {
        return next.proceed(request.toBuilder().header("user-agent", userAgent).build(), context);
    }
}
