package com.sference.model;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request of a batch: an optional {@code custom_id} and an OpenAI chat-completions style body
 * that names its {@code model}.
 *
 * @param customId the caller's id for correlating results, or {@code null}
 * @param body the request body as JSON text; an object with a non-empty {@code model}
 * @since 0.1
 */
public record InferenceRequest(String customId, JsonText body) {
    private static final Gson GSON = new Gson();

    /**
     * Checks that {@code body} is one strict JSON object with a non-empty string {@code model}.
     *
     * @throws IllegalArgumentException if it is not
     *
     * @param customId the caller's id for correlating results, or {@code null}
     * @param body the request body as JSON text; an object with a non-empty {@code model}
     */
    public InferenceRequest {
        Objects.requireNonNull(body, "body");
        modelOf(body.json());
    }

    /**
     * {@return a request whose body is {@code body} serialized as JSON}
     *
     * @param customId the caller's id, or {@code null}
     * @param body the body; must contain a non-empty {@code model}
     */
    public static InferenceRequest of(String customId, Map<String, ?> body) {
        Objects.requireNonNull(body, "body");
        return new InferenceRequest(customId, new JsonText(GSON.toJson(body)));
    }

    /**
     * {@return a request asking {@code model} to answer one user message}
     *
     * @param customId the caller's id, or {@code null}
     * @param model the model
     * @param content the user message
     */
    public static InferenceRequest chat(String customId, String model, String content) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(content, "content");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", content);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(message));
        return of(customId, body);
    }

    /** {@return the {@code model} of the body} */
    public String model() {
        return modelOf(body.json());
    }

    private static String modelOf(String json) {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("trailing data after the JSON value");
            }
        } catch (JsonParseException | IOException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("body must be a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        JsonElement model = object.get("model");
        if (model == null || !model.isJsonPrimitive() || !model.getAsJsonPrimitive().isString()
                || model.getAsString().isEmpty()) {
            throw new IllegalArgumentException("body must contain a non-empty string \"model\"");
        }
        return model.getAsString();
    }
}
