package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A small JSON-over-HTTP client for the tests, on {@link HttpClient}. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String key;

    Http(SferenceEmulator emulator) {
        this(emulator.baseUrl(), emulator.apiKey());
    }

    /** A client for a server that is not an in-process emulator. */
    static Http at(String base, String key) {
        return new Http(base, key);
    }

    private Http(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The same client with another bearer key, or none when {@code key} is null. */
    Http as(String key) {
        return new Http(base, key);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    Res get(String path) {
        return send(request(path).GET());
    }

    Res delete(String path) {
        return send(request(path).DELETE());
    }

    Res post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Res post(String path, JsonElement json) {
        return post(path, json.toString());
    }

    Res patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Res send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls every 10 ms until the condition holds, failing after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A response: status, headers, body text. */
    record Res(int status, HttpHeaders headers, String body) {

        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        String str(String field) {
            return json().get(field).getAsString();
        }

        JsonArray array(String field) {
            return json().getAsJsonArray(field);
        }

        /** {@code detail} of an error body when it is a string. */
        String detail() {
            return json().get("detail").getAsString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
