package com.sference;

import com.sference.model.CreateResponseRequest;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.WaitOptions;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Responses} without blocking: each method returns at once, and its future completes with
 * the result or fails with a {@link SferenceException}.
 *
 * @since 0.1
 */
public interface AsyncResponses {
    /**
     * See {@link Responses#create}.
     *
     * @param request the job
     * @return a future of the job, normally {@code in_progress}
     */
    CompletableFuture<Response> create(CreateResponseRequest request);

    /**
     * See {@link Responses#get}.
     *
     * @param id the response id
     * @return a future of the response
     */
    CompletableFuture<Response> get(String id);

    /**
     * See {@link Responses#list()}.
     *
     * @return a future of the newest 100 responses
     */
    CompletableFuture<ResponsePage> list();

    /**
     * See {@link Responses#list(ResponseQuery)}.
     *
     * @param query which responses
     * @return a future of the responses {@code query} selects, newest first
     */
    CompletableFuture<ResponsePage> list(ResponseQuery query);

    /**
     * See {@link Responses#cancel}.
     *
     * @param id the response id
     * @return a future of the response after the call
     */
    CompletableFuture<Response> cancel(String id);

    /**
     * See {@link Responses#waitForCompletion}.
     *
     * @param id the response id
     * @param options how often to poll and how long to wait
     * @return a future of the terminal response
     */
    CompletableFuture<Response> waitForCompletion(String id, WaitOptions options);

    /**
     * See {@link Responses#createAndWait(CreateResponseRequest)}.
     *
     * @param request the job
     * @return a future of the terminal response
     */
    CompletableFuture<Response> createAndWait(CreateResponseRequest request);

    /**
     * See {@link Responses#createAndWait(CreateResponseRequest, WaitOptions)}.
     *
     * @param request the job
     * @param options how often to poll and how long to wait
     * @return a future of the terminal response
     */
    CompletableFuture<Response> createAndWait(CreateResponseRequest request, WaitOptions options);
}
