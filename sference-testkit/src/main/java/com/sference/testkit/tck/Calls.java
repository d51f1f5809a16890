package com.sference.testkit.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sference.TransportException;
import com.sference.testkit.tck.TransportContractTest.Mode;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How the suite calls a transport in each {@link Mode}, and reads and checks what comes back. */
final class Calls {

    /** How long the suite waits for anything that should happen at once. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The model the suite asks the emulator for. */
    private static final String MODEL = "sference/echo";

    private Calls() {}

    /** {@return the response of {@code request}}, sent through {@code execute} or {@code send} as {@code mode} says */
    static TransportResponse call(Transport transport, Mode mode, TransportRequest request) throws Exception {
        if (mode == Mode.BLOCKING) {
            return transport.execute(request);
        }
        CompletableFuture<TransportResponse> future = transport.send(request);
        assertNotNull(future, "send returned null");
        return await(future, request);
    }

    /** {@return the future's response}, failing the case when none comes within twice {@link #WAIT} */
    static TransportResponse await(CompletableFuture<TransportResponse> future, TransportRequest request)
            throws InterruptedException, ExecutionException {
        try {
            return future.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("the future of " + request + " did not complete within " + WAIT.toSeconds() * 2 + " s", e);
        }
    }

    /** {@return what the call failed with}: thrown by {@code execute}, or the cause its future completed with */
    static Throwable failure(Transport transport, Mode mode, TransportRequest request) {
        TransportResponse response;
        if (mode == Mode.BLOCKING) {
            try {
                response = transport.execute(request);
            } catch (RuntimeException e) {
                return e;
            }
        } else {
            CompletableFuture<TransportResponse> future;
            try {
                future = transport.send(request);
            } catch (RuntimeException e) {
                throw new AssertionError("send threw instead of failing its future", e);
            }
            try {
                response = await(future, request);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + request, e);
            }
        }
        response.close();
        throw new AssertionError(request + " was expected to fail but got HTTP " + response.status());
    }

    /** Checks that {@code e} names the method and URI of {@code request}. */
    static void assertNamesTheExchange(TransportException e, TransportRequest request) {
        assertEquals(request.method(), e.method(), e.toString());
        assertEquals(request.uri(), e.uri(), e.toString());
        assertTrue(e.getMessage().contains(request.method() + " " + request.uri()), e.getMessage());
    }

    /** {@return a {@code POST /v1/responses} body asking the emulator to echo {@code content}} */
    static String responseRequest(String content) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", content);
        JsonObject request = new JsonObject();
        request.addProperty("model", MODEL);
        JsonArray input = new JsonArray();
        input.add(message);
        request.add("input", input);
        return request.toString();
    }

    /** {@return the output text of the emulator's {@code 200} answer to a response request} */
    static String outputText(TransportResponse response) throws IOException {
        assertEquals(200, response.status());
        JsonObject answer = JsonParser.parseString(text(response)).getAsJsonObject();
        return answer.getAsJsonArray("output").get(0).getAsJsonObject().get("text").getAsString();
    }

    /** {@return the JSON object in {@code response}, closing it, after checking its status} */
    static JsonObject json(TransportResponse response, int status) throws IOException {
        try (response) {
            String body = text(response);
            assertEquals(status, response.status(), body);
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    /** {@return the whole body of {@code response} as UTF-8 text} */
    static String text(TransportResponse response) throws IOException {
        return new String(response.body().readAllBytes(), UTF_8);
    }
}
