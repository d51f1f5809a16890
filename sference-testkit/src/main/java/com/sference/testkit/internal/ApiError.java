package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/** An HTTP error answer, thrown by handlers and written by {@link ErrorWriter}. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient JsonElement detail;
    private final String code;
    private final transient Map<String, String> headers;

    ApiError(int status, JsonElement detail, String message, String code, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.detail = detail;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static ApiError of(int status, String code, String message) {
        return new ApiError(status, new JsonPrimitive(message), message, code, Map.of());
    }

    static ApiError badRequest(String message) {
        return of(400, "bad_request", message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, new JsonPrimitive(message), message, "invalid_api_key",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    static ApiError forbidden(String message) {
        return of(403, "insufficient_scope", message);
    }

    static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    /** A 405 naming the allowed methods in {@code Allow}. */
    static ApiError methodNotAllowed(String request, String allowed) {
        return new ApiError(405, new JsonPrimitive("Method Not Allowed"), "Method Not Allowed: " + request,
                "method_not_allowed", Map.of("Allow", allowed));
    }

    static ApiError conflict(String message) {
        return of(409, "conflict", message);
    }

    static ApiError tooLarge(long max) {
        return of(413, "request_too_large", "request body exceeds " + max + " bytes");
    }

    /** A 422 whose detail is a list of {@code {"loc","msg","type"}} objects. */
    static ApiError validation(JsonArray details) {
        StringBuilder message = new StringBuilder();
        for (JsonElement e : details) {
            JsonObject d = e.getAsJsonObject();
            if (message.length() > 0) {
                message.append("; ");
            }
            StringBuilder loc = new StringBuilder();
            for (JsonElement part : d.getAsJsonArray("loc")) {
                if (loc.length() > 0) {
                    loc.append('.');
                }
                loc.append(part.getAsString());
            }
            message.append(loc).append(": ").append(d.get("msg").getAsString());
        }
        return new ApiError(422, details, message.toString(), "validation_error", Map.of());
    }

    int status() {
        return status;
    }

    JsonElement detail() {
        return detail;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
