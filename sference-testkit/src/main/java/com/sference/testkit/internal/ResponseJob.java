package com.sference.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** A response job created by {@code POST /v1/responses}, possibly attached to a stream. */
final class ResponseJob extends Job {

    private final ResponseRequest request;
    private final EchoModel.Completion completion;
    private final StreamRecord stream;

    ResponseJob(String id, long createdNanos, long stepNanos, ResponseRequest request, StreamRecord stream) {
        super(id, createdNanos, stepNanos);
        this.request = request;
        this.completion = EchoModel.complete(request.model(), request.input());
        this.stream = stream;
    }

    String model() {
        return request.model();
    }

    ResponseRequest request() {
        return request;
    }

    EchoModel.Completion completion() {
        return completion;
    }

    /** The stream this job belongs to, or null. */
    StreamRecord stream() {
        return stream;
    }

    /** The caller's {@code metadata.custom_id}, or null. */
    String customId() {
        JsonElement id = request.metadata().get("custom_id");
        return Json.isString(id) ? id.getAsString() : null;
    }

    JsonObject metadata() {
        return request.metadata();
    }

    @Override
    Phase outcome() {
        return completion.failed() ? Phase.FAILED : Phase.COMPLETED;
    }
}
