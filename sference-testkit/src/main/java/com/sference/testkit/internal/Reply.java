package com.sference.testkit.internal;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, headers and a body held in memory or written as a stream. */
final class Reply {

    /** Writes a streamed body. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    static final String JSON = "application/json";

    private final int status;
    private final byte[] bytes;
    private final BodyWriter writer;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(int status, String contentType, byte[] bytes, BodyWriter writer) {
        this.status = status;
        this.bytes = bytes;
        this.writer = writer;
        headers.put("Content-Type", contentType);
    }

    static Reply json(int status, JsonElement body) {
        return new Reply(status, JSON, Json.bytes(body), null);
    }

    static Reply ok(JsonElement body) {
        return json(200, body);
    }

    /** A body written while it is sent (chunked), for large answers. */
    static Reply stream(int status, String contentType, BodyWriter writer) {
        return new Reply(status, contentType, null, writer);
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The body, or null when it is streamed. */
    byte[] bytes() {
        return bytes;
    }

    BodyWriter writer() {
        return writer;
    }

    /** A copy marked as a replay of a remembered answer. */
    Reply replayed() {
        Reply copy = new Reply(status, headers.get("Content-Type"), bytes, writer);
        copy.headers.putAll(headers);
        copy.headers.put("Idempotent-Replayed", "true");
        return copy;
    }
}
