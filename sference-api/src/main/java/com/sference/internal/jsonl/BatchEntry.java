package com.sference.internal.jsonl;

import com.google.gson.JsonObject;
import com.sference.model.InferenceRequest;
import com.sference.model.JsonText;

/**
 * One request of a batch as parsed from a workload line: lighter than {@link InferenceRequest},
 * whose constructor parses the body again.
 *
 * @param customId the {@code custom_id}, or {@code null}
 * @param body the request body, an object whose {@code model} has been checked
 */
record BatchEntry(String customId, JsonObject body) {

    /** Appends this entry as {@code {"custom_id":...,"body":{...}}}. */
    void writeTo(Utf8JsonBuffer out) {
        out.ascii("{\"custom_id\":");
        if (customId == null) {
            out.ascii("null");
        } else {
            out.string(customId);
        }
        out.ascii(",\"body\":").value(body).ascii("}");
    }

    /** {@return this entry as the public model, its body as compact JSON} */
    InferenceRequest toRequest() {
        Utf8JsonBuffer json = new Utf8JsonBuffer(256);
        json.value(body);
        return new InferenceRequest(customId, new JsonText(json.asString()));
    }
}
