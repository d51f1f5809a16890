package com.sference.internal.client;

import com.google.gson.JsonIOException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.internal.json.Json;
import com.sference.internal.pipeline.Causes;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Reads the JSON answer of a call strictly (no trailing data, comments or unquoted text), and
 * fails with an {@link UnexpectedResponseException} naming method and URL, with a bounded
 * message, whatever the body holds.
 */
final class JsonAnswer {
    private static final int MAX_CAUSE_MESSAGE = 2000;

    private JsonAnswer() {}

    /** {@return the answer of {@code response} as {@code type}}; closes the response. */
    static <T> T read(TransportRequest request, TransportResponse response, Type type) {
        try (response; Reader reader = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            JsonReader json = Json.GSON.newJsonReader(reader);
            json.setStrictness(Strictness.STRICT);
            if (json.peek() == JsonToken.END_DOCUMENT) {
                throw unexpected(request, response, "an empty body where a JSON answer was expected", null);
            }
            T value = Json.GSON.fromJson(json, type);
            if (value == null || json.peek() != JsonToken.END_DOCUMENT) {
                throw unexpected(request, response, value == null ? "null where a JSON answer was expected"
                        : "more data after the JSON answer", null);
            }
            return value;
        } catch (MalformedJsonException | EOFException e) {
            throw unexpected(request, response, "the body is not valid JSON" + where(e), e);
        } catch (JsonIOException | IOException e) {
            throw new TransportException(request.method(), request.uri(),
                    "reading the response failed: " + Causes.describe(e), e, false);
        } catch (UnexpectedResponseException e) {
            throw e;
        } catch (RuntimeException e) {
            String what = type instanceof Class ? ((Class<?>) type).getSimpleName() : "the expected answer";
            throw unexpected(request, response, "the body is not a valid " + what + ": " + Causes.describe(e), e);
        }
    }

    /** {@return Gson's position of a syntax error, without its advice to parse leniently} */
    private static String where(IOException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(" at line ");
        return at < 0 ? "" : " (" + message.substring(at + 1) + ")";
    }

    private static UnexpectedResponseException unexpected(TransportRequest request, TransportResponse response,
            String reason, Throwable cause) {
        return new UnexpectedResponseException(response.status(), request.method(), request.uri(), reason,
                boundedCause(cause));
    }

    /** {@return {@code cause}, or null if its message is too long to carry around (it may hold a whole body)} */
    private static Throwable boundedCause(Throwable cause) {
        if (cause == null) {
            return null;
        }
        String message = cause.getMessage();
        return message != null && message.length() > MAX_CAUSE_MESSAGE ? null : cause;
    }
}
