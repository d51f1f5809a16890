package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SferenceEmulatorExtension.class)
class FaultsTest {

    private final SferenceEmulator emulator;

    FaultsTest(SferenceEmulator emulator) {
        this.emulator = emulator;
    }

    @AfterEach
    void reset() {
        emulator.faults().reset();
    }

    @Test
    void failNextAnswersWithTheStatusAndRetryAfterThenRecovers() {
        Http http = new Http(emulator);
        emulator.faults().failNext(2, 429, Duration.ofMillis(1500));
        for (int i = 0; i < 2; i++) {
            Http.Res res = http.get("/v1/batches");
            assertEquals(429, res.status());
            assertEquals("2", res.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("rate_limit_error", res.json().getAsJsonObject("error").get("type").getAsString());
            assertTrue(res.detail().contains("429"));
        }
        assertEquals(200, http.get("/v1/batches").status());
        assertEquals(0, emulator.faults().pending());
    }

    @Test
    void failNextWithoutRetryAfterSendsNone() {
        emulator.faults().failNext(1, 503);
        Http.Res res = new Http(emulator).get("/v1/auth/me");
        assertEquals(503, res.status());
        assertTrue(res.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void faultsComeBeforeAuthAndCreateNothing() {
        Http http = new Http(emulator);
        int before = http.get("/v1/batches").array("items").size();
        emulator.faults().on("POST", "/v1/batches").failNext(1, 502);
        Http.Res res = http.as(null).post("/v1/batches", BatchesTest.batch(BatchesTest.request("a", "m", "x")));
        assertEquals(502, res.status(), "fault applied before the 401");
        Http.Res injected = http.post("/v1/batches", BatchesTest.batch(BatchesTest.request("a", "m", "x")));
        assertEquals(200, injected.status());
        assertEquals(before + 1, http.get("/v1/batches").array("items").size());
    }

    @Test
    void filtersMatchMethodAndPathPrefix() {
        Http http = new Http(emulator);
        emulator.faults().on("POST", "/v1/streams").failNext(1, 500);
        assertEquals(200, http.get("/v1/streams").status(), "GET is not filtered in");
        assertEquals(200, http.post("/v1/responses", ResponsesTest.body("m", "x")).status(), "other path");
        assertEquals(500, http.post("/v1/streams", "{\"name\":\"s\",\"window\":\"1h\"}").status());
        emulator.faults().on("*", "/v1/auth").failNext(1, 504);
        assertEquals(504, http.get("/v1/auth/me").status());
    }

    @Test
    void dropNextClosesTheConnectionWithoutAResponse() {
        Http http = new Http(emulator);
        emulator.faults().on("POST", "/v1/streams").dropNext(1);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> http.post("/v1/streams", "{\"name\":\"dropped\",\"window\":\"1h\"}"));
        assertTrue(e.getCause() instanceof IOException);
        assertTrue(http.get("/v1/streams").array("items").asList().stream()
                .noneMatch(s -> s.getAsJsonObject().get("name").getAsString().equals("dropped")));
        assertEquals(200, http.post("/v1/streams", "{\"name\":\"kept\",\"window\":\"1h\"}").status());
    }

    @Test
    void dropNextOnAFreshConnectionGivesAnIoError() throws Exception {
        emulator.faults().dropNext(1);
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = new Http(emulator).request("/v1/streams")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fresh\",\"window\":\"1h\"}")).build();
        assertThrows(IOException.class, () -> fresh.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, fresh.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void droppedGetsMayBeResentByTheClientAndEachAttemptUsesAFault() throws Exception {
        emulator.clearRequests();
        emulator.faults().dropNext(5);
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = new Http(emulator).request("/v1/auth/me").GET().build();
        assertThrows(IOException.class, () -> fresh.send(request, HttpResponse.BodyHandlers.ofString()));
        int attempts = emulator.requests().size(); // the JDK client resends a GET once
        assertTrue(attempts >= 1);
        assertTrue(emulator.requests().stream().allMatch(r -> r.path().equals("/v1/auth/me")));
        assertEquals(5 - attempts, emulator.faults().pending());
    }

    @Test
    void delayNextHoldsTheRequestThenHandlesIt() {
        Http http = new Http(emulator);
        emulator.faults().delayNext(1, Duration.ofMillis(300));
        long start = System.nanoTime();
        Http.Res res = http.get("/v1/auth/me");
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, res.status());
        assertTrue(elapsedMs >= 290, "delayed: " + elapsedMs + " ms");
    }

    @Test
    void earlierRulesWinAndResetClearsEverything() {
        Http http = new Http(emulator);
        emulator.faults().failNext(1, 500).failNext(1, 503);
        assertEquals(500, http.get("/v1/batches").status());
        assertEquals(503, http.get("/v1/batches").status());
        emulator.faults().failNext(5, 500);
        emulator.faults().on("GET", "/").dropNext(3);
        assertEquals(8, emulator.faults().pending());
        emulator.faults().reset();
        assertEquals(0, emulator.faults().pending());
        assertEquals(200, http.get("/v1/batches").status());
    }

    @Test
    void faultedRequestsAreRecorded() {
        emulator.clearRequests();
        emulator.faults().failNext(1, 503);
        Http http = new Http(emulator);
        http.send(http.request("/v1/auth/me").header("Idempotency-Key", "k1").GET());
        http.get("/v1/auth/me");
        assertEquals(2, emulator.requests().size());
        assertEquals("k1", emulator.requests().get(0).header("Idempotency-Key").orElseThrow());
    }

    @Test
    void dropNextAfterHandlingCreatesTheBatchButLosesTheAnswer() throws Exception {
        Http http = new Http(emulator);
        int before = http.get("/v1/batches").array("items").size();
        String key = UUID.randomUUID().toString();
        String batch = BatchesTest.batch(BatchesTest.request("lost", "m", "x")).toString();
        HttpRequest request = http.request("/v1/batches").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(batch)).build();
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        emulator.clearRequests();
        emulator.faults().on("POST", "/v1/batches").dropNextAfterHandling(1);

        assertThrows(IOException.class, () -> fresh.send(request, HttpResponse.BodyHandlers.ofString()));
        JsonArray items = http.get("/v1/batches").array("items");
        assertEquals(before + 1, items.size(), "the server acted: exactly one batch");
        String created = items.get(0).getAsJsonObject().get("id").getAsString();
        assertEquals(batch.length(), emulator.requests().get(0).bodySize(), "recorded with its whole body");

        HttpResponse<String> retry = fresh.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElseThrow());
        assertEquals(created, JsonParser.parseString(retry.body()).getAsJsonObject().get("id").getAsString(),
                "the retry gets the batch the lost answer named");
        assertEquals(before + 1, http.get("/v1/batches").array("items").size(), "and creates no second one");
        assertEquals(0, emulator.faults().pending());
    }

    @Test
    void dropNextAfterHandlingWithoutAKeyStillActs() {
        Http http = new Http(emulator);
        emulator.faults().on("POST", "/v1/streams").dropNextAfterHandling(1);
        assertThrows(UncheckedIOException.class,
                () -> http.post("/v1/streams", "{\"name\":\"acted\",\"window\":\"1h\"}"));
        assertEquals(1, http.get("/v1/streams").array("items").asList().stream()
                .filter(s -> s.getAsJsonObject().get("name").getAsString().equals("acted")).count());
    }

    @Test
    void dropNextAfterHandlingLosesErrorAnswersToo() {
        Http http = new Http(emulator);
        emulator.faults().on("POST", "/v1/batches/").dropNextAfterHandling(1);
        assertThrows(UncheckedIOException.class, () -> http.post("/v1/batches/b_missing/cancel", "{}"));
        assertEquals(404, http.post("/v1/batches/b_missing/cancel", "{}").status());
    }

    @Test
    void newFaultsFollowTheSameFilterAndCountRules() {
        // POSTs, which the JDK client never resends by itself after a lost answer
        Http http = new Http(emulator);
        emulator.faults().on("POST", "/v1/batches/").answerNext(2, BadAnswer.jsonArray()).dropNextAfterHandling(1);
        assertEquals(3, emulator.faults().pending());
        assertEquals(404, http.get("/v1/batches/b_missing").status(), "GET is not filtered in");
        assertEquals("[1,2,3]", http.post("/v1/batches/b_missing/cancel", "{}").body());
        assertEquals("[1,2,3]", http.post("/v1/batches/b_missing/cancel", "{}").body(), "the earlier rule first");
        assertThrows(UncheckedIOException.class, () -> http.post("/v1/batches/b_missing/cancel", "{}"));
        assertEquals(0, emulator.faults().pending());
        assertEquals(404, http.post("/v1/batches/b_missing/cancel", "{}").status());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().failNext(0, 500));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().failNext(1, 200));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().delayNext(1, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> emulator.faults().on(null, "/"));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().answerNext(0, BadAnswer.emptyBody()));
        assertThrows(NullPointerException.class, () -> emulator.faults().answerNext(1, null));
        assertThrows(IllegalArgumentException.class, () -> emulator.faults().dropNextAfterHandling(-1));
        assertEquals(0, emulator.faults().pending());
    }
}
