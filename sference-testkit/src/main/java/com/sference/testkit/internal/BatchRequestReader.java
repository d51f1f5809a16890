package com.sference.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the body of {@code POST /v1/batches} straight from the request stream, one
 * request at a time, so a batch of hundreds of thousands of requests is never held as text.
 */
final class BatchRequestReader {

    private BatchRequestReader() {
    }

    /**
     * Parses {@code {"window":"24h","requests":[{"custom_id","body"},...]}} into batch items.
     *
     * @throws ApiError 422 listing the violations (invalid JSON included)
     */
    static List<BatchJob.Item> read(JsonReader reader) {
        Violations v = new Violations();
        List<BatchJob.Item> items = new ArrayList<>();
        boolean sawRequests = false;
        try {
            JsonToken first = reader.peek();
            if (first == JsonToken.END_DOCUMENT) {
                throw Violations.single(Json.loc("body"), "Field required", "missing");
            }
            if (first != JsonToken.BEGIN_OBJECT) {
                throw Violations.single(Json.loc("body"), "Input should be a valid dictionary or object",
                        "model_attributes_type");
            }
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (name.equals("window")) {
                    JsonElement window = JsonParser.parseReader(reader);
                    if (!Json.isString(window) || !window.getAsString().equals("24h")) {
                        v.add(Json.loc("body", "window"), "Input should be '24h'", "literal_error");
                    }
                } else if (name.equals("requests")) {
                    sawRequests = true;
                    readRequests(reader, items, v);
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw Call.invalidJson("trailing data after the JSON value");
            }
        } catch (JsonIOException e) {
            throw new UncheckedIOException(new IOException(e));
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw Call.invalidJson(e.getMessage());
        }
        if (!sawRequests) {
            v.add(Json.loc("body", "requests"), "Field required", "missing");
        }
        v.throwIfAny();
        return items;
    }

    private static void readRequests(JsonReader reader, List<BatchJob.Item> items, Violations v)
            throws IOException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            reader.skipValue();
            v.add(Json.loc("body", "requests"), "Input should be a valid list", "list_type");
            return;
        }
        reader.beginArray();
        int index = 0;
        while (reader.hasNext()) {
            BatchJob.Item item = item(JsonParser.parseReader(reader), index, v);
            if (item != null && v.isEmpty()) {
                items.add(item);
            }
            index++;
        }
        reader.endArray();
        if (index == 0) {
            v.add(Json.loc("body", "requests"), "List should have at least 1 item after validation, not 0",
                    "too_short");
        }
    }

    /** Validates one {@code InferenceRequest}; null when it is invalid. */
    private static BatchJob.Item item(JsonElement element, int i, Violations v) {
        if (!element.isJsonObject()) {
            v.add(Json.loc("body", "requests", i), "Input should be a valid dictionary or object", "model_type");
            return null;
        }
        JsonObject request = element.getAsJsonObject();
        boolean valid = true;
        for (Map.Entry<String, JsonElement> e : request.entrySet()) {
            if (!e.getKey().equals("custom_id") && !e.getKey().equals("body")) {
                v.add(Json.loc("body", "requests", i, e.getKey()), "Extra inputs are not permitted",
                        "extra_forbidden");
                valid = false;
            }
        }
        JsonElement customId = request.get("custom_id");
        if (!Json.isNull(customId) && !Json.isString(customId)) {
            v.add(Json.loc("body", "requests", i, "custom_id"), "Input should be a valid string", "string_type");
            valid = false;
        }
        JsonElement body = request.get("body");
        if (body == null) {
            v.add(Json.loc("body", "requests", i, "body"), "Field required", "missing");
            return null;
        }
        if (!body.isJsonObject()) {
            v.add(Json.loc("body", "requests", i, "body"), "Input should be a valid dictionary", "dict_type");
            return null;
        }
        JsonElement model = body.getAsJsonObject().get("model");
        if (!Json.isString(model) || model.getAsString().isEmpty()) {
            v.add(Json.loc("body", "requests", i, "body", "model"), "body must contain a non-empty string model",
                    "value_error");
            return null;
        }
        if (!valid) {
            return null;
        }
        JsonElement messages = body.getAsJsonObject().get("messages");
        EchoModel.Completion completion = EchoModel.complete(model.getAsString(),
                messages != null && messages.isJsonArray() ? messages.getAsJsonArray() : null);
        return new BatchJob.Item(Json.isString(customId) ? customId.getAsString() : null, model.getAsString(),
                completion);
    }
}
