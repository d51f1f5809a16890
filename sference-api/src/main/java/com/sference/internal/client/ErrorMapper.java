package com.sference.internal.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sference.ApiException;
import com.sference.UnexpectedResponseException;
import com.sference.internal.pipeline.RetryAfter;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;

/** Turns a response with an error status into its {@link ApiException}, once, after the pipeline. */
final class ErrorMapper {
    private ErrorMapper() {}

    /** Reads the bounded body of {@code response}, closes it, and {@return the exception for it} */
    static ApiException toException(TransportRequest request, TransportResponse response, Instant now) {
        String body;
        try (response; InputStream in = response.body()) {
            body = new String(in.readNBytes(ApiException.MAX_BODY_CHARS * 4), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        Duration retryAfter = response.header("retry-after").flatMap(v -> RetryAfter.parse(v, now)).orElse(null);
        String requestId = response.header("x-request-id").orElse(null);
        return ApiException.from(new ApiException.Details(
                response.status(), detail(body, response.status()), body, request.method(), request.uri(),
                requestId, retryAfter));
    }

    /**
     * {@return the exception for a status that is neither success nor error (a redirect, which
     * the SDK never follows, so the key never goes to another host)} Closes the response.
     */
    static UnexpectedResponseException unexpectedStatus(TransportRequest request, TransportResponse response) {
        response.close();
        String location = response.header("location").map(ErrorMapper::bounded).orElse("no Location");
        String reason = response.status() >= 300 && response.status() < 400
                ? "a redirect to " + location + ", which the SDK does not follow; point the base URL at the final address"
                : "a status that is neither success nor error";
        return new UnexpectedResponseException(response.status(), request.method(), request.uri(), reason, null);
    }

    private static String bounded(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** {@return the server's {@code detail}, else OpenAI's {@code error.message}, else the body text} */
    static String detail(String body, int status) {
        if (body.isBlank()) {
            return "no detail (status " + status + ")";
        }
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject()) {
                JsonObject object = root.getAsJsonObject();
                JsonElement detail = object.get("detail");
                if (detail != null && !detail.isJsonNull()) {
                    return describe(detail);
                }
                JsonElement error = object.get("error");
                if (error != null && error.isJsonObject() && error.getAsJsonObject().has("message")) {
                    return describe(error.getAsJsonObject().get("message"));
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            // Not JSON: the text itself is the detail, as the contract says.
        }
        return bounded(body.strip());
    }

    /** A string as is; a 422 list as {@code loc: msg; loc: msg}; anything else as JSON. */
    private static String describe(JsonElement detail) {
        if (detail.isJsonPrimitive()) {
            return detail.getAsString();
        }
        if (detail.isJsonArray()) {
            StringJoiner joined = new StringJoiner("; ");
            for (JsonElement item : detail.getAsJsonArray()) {
                if (item.isJsonObject() && item.getAsJsonObject().has("msg")) {
                    JsonObject problem = item.getAsJsonObject();
                    StringJoiner loc = new StringJoiner(".");
                    if (problem.has("loc") && problem.get("loc").isJsonArray()) {
                        problem.getAsJsonArray("loc").forEach(part -> loc.add(part.isJsonPrimitive() ? part.getAsString() : part.toString()));
                    }
                    String where = loc.toString();
                    joined.add((where.isEmpty() ? "" : where + ": ") + problem.get("msg").getAsString());
                } else {
                    joined.add(item.isJsonPrimitive() ? item.getAsString() : item.toString());
                }
            }
            return joined.toString();
        }
        return detail.toString();
    }
}
