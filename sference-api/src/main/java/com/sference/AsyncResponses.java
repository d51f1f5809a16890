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
    /** See {@link Responses#create}. */
    CompletableFuture<Response> create(CreateResponseRequest request);

    /** See {@link Responses#get}. */
    CompletableFuture<Response> get(String id);

    /** See {@link Responses#list()}. */
    CompletableFuture<ResponsePage> list();

    /** See {@link Responses#list(ResponseQuery)}. */
    CompletableFuture<ResponsePage> list(ResponseQuery query);

    /** See {@link Responses#cancel}. */
    CompletableFuture<Response> cancel(String id);

    /** See {@link Responses#waitForCompletion}. */
    CompletableFuture<Response> waitForCompletion(String id, WaitOptions options);

    /** See {@link Responses#createAndWait(CreateResponseRequest)}. */
    CompletableFuture<Response> createAndWait(CreateResponseRequest request);

    /** See {@link Responses#createAndWait(CreateResponseRequest, WaitOptions)}. */
    CompletableFuture<Response> createAndWait(CreateResponseRequest request, WaitOptions options);
}
