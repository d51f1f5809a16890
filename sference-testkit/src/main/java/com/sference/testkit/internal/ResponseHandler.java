package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/** {@code /v1/responses}: create, get, list and cancel (DELETE or POST .../cancel). */
final class ResponseHandler {

    private final Store store;
    private final ResponseJson json;

    ResponseHandler(Store store, ResponseJson json) {
        this.store = store;
        this.json = json;
    }

    Reply create(Call call) {
        ResponseRequest request = ResponseRequest.parse(call.jsonObject());
        return call.once(() -> store.locked(() -> {
            StreamRecord stream = null;
            if (request.streamId() != null) {
                stream = store.stream(request.streamId());
                if (!stream.status().equals(StreamRecord.OPEN)) {
                    throw ApiError.conflict("Stream " + stream.id() + " is " + stream.status()
                            + "; only open streams take new responses");
                }
            }
            ResponseJob job = store.addResponse(request, stream);
            return Reply.ok(json.response(job, store.now(), call.outputForm()));
        }));
    }

    Reply get(Call call) {
        return store.locked(() -> Reply.ok(json.response(store.response(call.id()), store.now(), call.outputForm())));
    }

    /** Newest first by creation order; {@code limit} 1..100 (default 100), optional {@code stream_id}. */
    Reply list(Call call) {
        Violations v = new Violations();
        int limit = call.query().intParam(v, "limit", 100, 1, 100);
        v.throwIfAny();
        String streamId = call.query().get("stream_id");
        return store.locked(() -> {
            List<ResponseJob> source = streamId == null ? store.responses() : store.stream(streamId).items();
            long now = store.now();
            JsonArray data = new JsonArray();
            for (int i = source.size() - 1; i >= 0 && data.size() < limit; i--) {
                data.add(json.listItem(source.get(i), now));
            }
            JsonObject o = new JsonObject();
            o.addProperty("object", "list");
            o.add("data", data);
            o.addProperty("has_more", source.size() > limit);
            return Reply.ok(o);
        });
    }

    /** Cancels a job that is not terminal; a terminal one is returned unchanged. */
    Reply cancel(Call call) {
        return call.once(() -> store.locked(() -> {
            ResponseJob job = store.response(call.id());
            store.cancel(job);
            return Reply.ok(json.response(job, store.now(), call.outputForm()));
        }));
    }
}
