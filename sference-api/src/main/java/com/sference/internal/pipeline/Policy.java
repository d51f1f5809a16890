package com.sference.internal.pipeline;

import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.util.concurrent.CompletableFuture;

/** One step of the request pipeline: changes the request, calls the next step, looks at the outcome. */
@FunctionalInterface
public interface Policy {
    /**
     * Handles one request.
     *
     * @param request the request so far
     * @param context the state of this call
     * @param next the rest of the pipeline
     * @return the response, or a future failed with a {@link com.sference.SferenceException}
     */
    CompletableFuture<TransportResponse> process(TransportRequest request, CallContext context, Next next);

    /** The rest of the pipeline. */
    @FunctionalInterface
    interface Next {
        /** {@return the response of the rest of the pipeline to {@code request}} */
        CompletableFuture<TransportResponse> proceed(TransportRequest request, CallContext context);
    }
}
