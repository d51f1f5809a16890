package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.sference.testkit.OutputForm;

/**
 * Writes Response objects: the sference fields, plus those OpenAI's client libraries require
 * ({@code tools}, {@code tool_choice}, {@code parallel_tool_calls}, usage details...).
 */
final class ResponseJson {

    private final TimeSource time;

    ResponseJson(TimeSource time) {
        this.time = time;
    }

    /** The full Response object as of {@code now}, with output items in {@code form}. */
    JsonObject response(ResponseJob job, long now, OutputForm form) {
        Phase phase = job.phase(now);
        EchoModel.Completion completion = job.completion();
        ResponseRequest request = job.request();
        JsonObject o = new JsonObject();
        o.addProperty("id", job.id());
        o.addProperty("object", "response");
        o.addProperty("created_at", time.epochSeconds(job.createdNanos()));
        o.addProperty("status", phase.responseWire());
        o.addProperty("model", job.model());
        o.add("output", phase == Phase.COMPLETED ? output(job, completion.text(), form) : new JsonArray());
        o.add("error", phase == Phase.FAILED ? error(completion) : JsonNull.INSTANCE);
        o.add("usage", phase == Phase.COMPLETED ? usage(completion) : JsonNull.INSTANCE);
        o.add("incomplete_details", JsonNull.INSTANCE);
        o.add("instructions", request.instructions());
        o.add("metadata", job.metadata().deepCopy());
        o.add("temperature", request.temperature());
        o.add("top_p", request.topP());
        o.add("max_output_tokens", request.maxOutputTokens());
        o.addProperty("background", true);
        o.add("tools", new JsonArray());
        o.addProperty("tool_choice", "auto");
        o.addProperty("parallel_tool_calls", true);
        o.add("previous_response_id", JsonNull.INSTANCE);
        return o;
    }

    /** The short list form: id, object, created_at, model, status. */
    JsonObject listItem(ResponseJob job, long now) {
        JsonObject o = new JsonObject();
        o.addProperty("id", job.id());
        o.addProperty("object", "response");
        o.addProperty("created_at", time.epochSeconds(job.createdNanos()));
        o.addProperty("model", job.model());
        o.addProperty("status", job.phase(now).responseWire());
        return o;
    }

    static JsonObject error(EchoModel.Completion completion) {
        JsonObject e = new JsonObject();
        e.addProperty("code", completion.errorCode());
        e.addProperty("message", completion.errorMessage());
        return e;
    }

    private static JsonArray output(ResponseJob job, String text, OutputForm form) {
        JsonObject part = new JsonObject();
        part.addProperty("type", "output_text");
        part.addProperty("text", text);
        JsonArray output = new JsonArray();
        if (form == OutputForm.MESSAGE) {
            part.add("annotations", new JsonArray());
            JsonArray content = new JsonArray();
            content.add(part);
            JsonObject message = new JsonObject();
            message.addProperty("type", "message");
            message.addProperty("id", "msg_" + job.id().substring("resp_".length()));
            message.addProperty("status", "completed");
            message.addProperty("role", "assistant");
            message.add("content", content);
            output.add(message);
        } else {
            output.add(part);
        }
        return output;
    }

    private static JsonObject usage(EchoModel.Completion c) {
        JsonObject inputDetails = new JsonObject();
        inputDetails.addProperty("cached_tokens", 0);
        inputDetails.addProperty("cache_write_tokens", 0);
        JsonObject outputDetails = new JsonObject();
        outputDetails.addProperty("reasoning_tokens", 0);
        JsonObject u = new JsonObject();
        u.addProperty("input_tokens", c.promptTokens());
        u.add("input_tokens_details", inputDetails);
        u.addProperty("output_tokens", c.completionTokens());
        u.add("output_tokens_details", outputDetails);
        u.addProperty("total_tokens", c.totalTokens());
        return u;
    }
}
