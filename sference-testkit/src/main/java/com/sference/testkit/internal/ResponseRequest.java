package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A validated body of {@code POST /v1/responses}. Unknown fields (OpenAI clients send extras)
 * are ignored, {@code background} is accepted and ignored.
 *
 * @param model the model, non-empty
 * @param input the messages, each with a valid {@code role} and a string {@code content}
 * @param instructions a string or JSON null
 * @param temperature a number in 0..2 or JSON null
 * @param topP a number in 0..1 or JSON null
 * @param maxOutputTokens a positive integer or JSON null
 * @param metadata the metadata object (empty when not given)
 */
record ResponseRequest(String model, JsonArray input, JsonElement instructions, JsonElement temperature,
        JsonElement topP, JsonElement maxOutputTokens, JsonObject metadata) {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> WINDOWS = Set.of("1h", "24h");

    /** The {@code metadata.stream_id}, or null. */
    String streamId() {
        JsonElement id = metadata.get("stream_id");
        return Json.isString(id) ? id.getAsString() : null;
    }

    /**
     * Validates a request body.
     *
     * @throws ApiError 422 listing every violation
     */
    static ResponseRequest parse(JsonObject body) {
        Violations v = new Violations();
        String model = model(body.get("model"), v);
        JsonArray input = input(body.get("input"), v);
        JsonElement instructions = body.get("instructions");
        if (!Json.isNull(instructions) && !Json.isString(instructions)) {
            v.add(Json.loc("body", "instructions"), "Input should be a valid string", "string_type");
        }
        JsonElement temperature = range(body.get("temperature"), "temperature", 2, v);
        JsonElement topP = range(body.get("top_p"), "top_p", 1, v);
        JsonElement maxOutputTokens = body.get("max_output_tokens");
        if (!Json.isNull(maxOutputTokens)) {
            BigDecimal n = Json.isNumber(maxOutputTokens) ? maxOutputTokens.getAsBigDecimal() : null;
            if (n == null || n.stripTrailingZeros().scale() > 0) {
                v.add(Json.loc("body", "max_output_tokens"), "Input should be a valid integer", "int_type");
            } else if (n.signum() <= 0) {
                v.add(Json.loc("body", "max_output_tokens"), "Input should be greater than 0", "greater_than");
            }
        }
        JsonObject metadata = metadata(body.get("metadata"), v);
        v.throwIfAny();
        return new ResponseRequest(model, input, orNull(instructions), orNull(temperature), orNull(topP),
                orNull(maxOutputTokens), metadata);
    }

    private static JsonElement orNull(JsonElement e) {
        return e == null ? JsonNull.INSTANCE : e;
    }

    private static String model(JsonElement model, Violations v) {
        if (model == null) {
            v.add(Json.loc("body", "model"), "Field required", "missing");
            return null;
        }
        if (!Json.isString(model)) {
            v.add(Json.loc("body", "model"), "Input should be a valid string", "string_type");
            return null;
        }
        if (model.getAsString().isEmpty()) {
            v.add(Json.loc("body", "model"), "String should have at least 1 character", "string_too_short");
            return null;
        }
        return model.getAsString();
    }

    private static JsonArray input(JsonElement input, Violations v) {
        if (input == null) {
            v.add(Json.loc("body", "input"), "Field required", "missing");
            return null;
        }
        if (!input.isJsonArray()) {
            v.add(Json.loc("body", "input"), "Input should be a valid list", "list_type");
            return null;
        }
        JsonArray items = input.getAsJsonArray();
        if (items.isEmpty()) {
            v.add(Json.loc("body", "input"), "List should have at least 1 item after validation, not 0",
                    "too_short");
        }
        for (int i = 0; i < items.size(); i++) {
            JsonElement item = items.get(i);
            if (!item.isJsonObject()) {
                v.add(Json.loc("body", "input", i), "Input should be a valid dictionary or object",
                        "model_type");
                continue;
            }
            JsonElement role = item.getAsJsonObject().get("role");
            if (role == null) {
                v.add(Json.loc("body", "input", i, "role"), "Field required", "missing");
            } else if (!Json.isString(role) || !ROLES.contains(role.getAsString())) {
                v.add(Json.loc("body", "input", i, "role"),
                        "Input should be 'user', 'assistant', 'system' or 'developer'", "literal_error");
            }
            JsonElement content = item.getAsJsonObject().get("content");
            if (content == null) {
                v.add(Json.loc("body", "input", i, "content"), "Field required", "missing");
            } else if (!Json.isString(content)) {
                v.add(Json.loc("body", "input", i, "content"), "Input should be a valid string", "string_type");
            }
        }
        return items;
    }

    private static JsonElement range(JsonElement value, String name, int max, Violations v) {
        if (Json.isNull(value)) {
            return value;
        }
        if (!Json.isNumber(value)) {
            v.add(Json.loc("body", name), "Input should be a valid number", "float_type");
            return value;
        }
        double d = value.getAsDouble();
        if (d < 0) {
            v.add(Json.loc("body", name), "Input should be greater than or equal to 0", "greater_than_equal");
        } else if (d > max) {
            v.add(Json.loc("body", name), "Input should be less than or equal to " + max, "less_than_equal");
        }
        return value;
    }

    private static JsonObject metadata(JsonElement metadata, Violations v) {
        if (Json.isNull(metadata)) {
            return new JsonObject();
        }
        if (!metadata.isJsonObject()) {
            v.add(Json.loc("body", "metadata"), "Input should be a valid dictionary", "dict_type");
            return new JsonObject();
        }
        JsonObject m = metadata.getAsJsonObject();
        JsonElement window = m.get("completion_window");
        if (!Json.isNull(window) && !(Json.isString(window) && WINDOWS.contains(window.getAsString()))) {
            v.add(Json.loc("body", "metadata", "completion_window"), "Input should be '1h' or '24h'",
                    "literal_error");
        }
        for (String key : new String[] {"stream_id", "custom_id"}) {
            JsonElement value = m.get(key);
            if (!Json.isNull(value) && !Json.isString(value)) {
                v.add(Json.loc("body", "metadata", key), "Input should be a valid string", "string_type");
            }
        }
        return m.deepCopy();
    }
}
