package com.sference.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sference.testkit.OutputForm;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/** One request as a handler sees it: method, path id, query, caller, body and helpers. */
final class Call {

    private final String method;
    private final String path;
    private final String id;
    private final QueryParams query;
    private final Headers headers;
    private final Principal principal;
    private final BodyStream body;
    private final IdempotencyStore idempotency;
    private final OutputForm outputForm;

    Call(String method, String path, String id, QueryParams query, Headers headers, Principal principal,
            BodyStream body, IdempotencyStore idempotency, OutputForm configuredForm) {
        this.method = method;
        this.path = path;
        this.id = id;
        this.query = query;
        this.headers = headers;
        this.principal = principal;
        this.body = body;
        this.idempotency = idempotency;
        this.outputForm = resolve(configuredForm, headers);
    }

    /** The {@code {id}} segment of the path, or null. */
    String id() {
        return id;
    }

    QueryParams query() {
        return query;
    }

    /** The caller, or null on routes without authentication. */
    Principal principal() {
        return principal;
    }

    /** The form of Response output items this caller gets. */
    OutputForm outputForm() {
        return outputForm;
    }

    private static OutputForm resolve(OutputForm configured, Headers headers) {
        if (configured != OutputForm.AUTO) {
            return configured;
        }
        String agent = headers.getFirst("User-Agent");
        boolean openAi = headers.containsKey("X-Stainless-Lang")
                || (agent != null && agent.toLowerCase(Locale.ROOT).startsWith("openai"));
        return openAi ? OutputForm.MESSAGE : OutputForm.FLAT;
    }

    /** A strict JSON reader over the body, for streaming parses. */
    JsonReader jsonReader() {
        JsonReader reader = new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /**
     * Parses the whole body as a JSON object.
     *
     * @throws ApiError 422 when the body is not one JSON object
     */
    JsonObject jsonObject() {
        JsonReader reader = jsonReader();
        JsonElement element;
        try {
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                throw Violations.single(Json.loc("body"), "Field required", "missing");
            }
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw invalidJson("trailing data after the JSON value");
            }
        } catch (JsonIOException e) {
            throw new UncheckedIOException(e.getCause() instanceof IOException
                    ? (IOException) e.getCause() : new IOException(e));
        } catch (JsonParseException | IOException e) {
            throw invalidJson(e.getMessage());
        }
        if (!element.isJsonObject()) {
            throw Violations.single(Json.loc("body"), "Input should be a valid dictionary or object",
                    "model_attributes_type");
        }
        return element.getAsJsonObject();
    }

    static ApiError invalidJson(String reason) {
        return Violations.single(Json.loc("body"), "JSON decode error: " + reason, "json_invalid");
    }

    /**
     * Runs a state-changing action once per {@code Idempotency-Key} (on {@code POST}s from an
     * authenticated caller); without the header it simply runs it. Call after validation.
     */
    Reply once(Supplier<Reply> action) {
        String key = headers.getFirst("Idempotency-Key");
        if (key == null || principal == null || !method.equals("POST")) {
            return action.get();
        }
        byte[] digest;
        try {
            digest = body.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return idempotency.execute(principal.credential(), key, digest, action);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
