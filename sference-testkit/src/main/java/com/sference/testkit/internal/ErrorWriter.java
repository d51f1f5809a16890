package com.sference.testkit.internal;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** Turns an {@link ApiError} into its reply: {@code {"detail": ..., "error": {...}}}. */
final class ErrorWriter {

    private ErrorWriter() {
    }

    static Reply reply(ApiError error) {
        JsonObject err = new JsonObject();
        err.addProperty("message", error.getMessage());
        err.addProperty("type", type(error.status()));
        err.addProperty("code", error.code());
        err.add("param", JsonNull.INSTANCE);
        JsonObject body = new JsonObject();
        body.add("detail", error.detail());
        body.add("error", err);
        Reply reply = Reply.json(error.status(), body);
        error.headers().forEach(reply::header);
        return reply;
    }

    /** OpenAI's error type names for a status. */
    static String type(int status) {
        switch (status) {
            case 401:
                return "authentication_error";
            case 403:
                return "permission_error";
            case 404:
                return "not_found_error";
            case 409:
                return "conflict_error";
            case 413:
                return "request_too_large";
            case 429:
                return "rate_limit_error";
            default:
                return status >= 500 ? "server_error" : "invalid_request_error";
        }
    }
}
