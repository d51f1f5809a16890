package com.sference.internal.client;

import com.sference.AsyncResponses;
import com.sference.Responses;
import com.sference.model.CreateResponseRequest;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.WaitOptions;

/** {@link Responses} as the blocking face of {@link AsyncResponses}. */
final class SyncResponses implements Responses {
    private final AsyncResponses async;

    SyncResponses(AsyncResponses async) {
        this.async = async;
    }

    @Override
    public Response create(CreateResponseRequest request) {
        return Futures.join(async.create(request));
    }

    @Override
    public Response get(String id) {
        return Futures.join(async.get(id));
    }

    @Override
    public ResponsePage list() {
        return Futures.join(async.list());
    }

    @Override
    public ResponsePage list(ResponseQuery query) {
        return Futures.join(async.list(query));
    }

    @Override
    public Response cancel(String id) {
        return Futures.join(async.cancel(id));
    }

    @Override
    public Response waitForCompletion(String id, WaitOptions options) {
        return Futures.join(async.waitForCompletion(id, options));
    }

    @Override
    public Response createAndWait(CreateResponseRequest request) {
        return Futures.join(async.createAndWait(request));
    }

    @Override
    public Response createAndWait(CreateResponseRequest request, WaitOptions options) {
        return Futures.join(async.createAndWait(request, options));
    }
}
