package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdempotencyTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(EmulatorOptions.builder()
            .stepDelay(Duration.ofMillis(100)).key("sk_a").key("sk_b").build());

    private static Http.Res post(Http http, String path, String body, String key) {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static int responseCount(Http http) {
        return http.get("/v1/responses").array("data").size();
    }

    @Test
    void repeatWithTheSameKeyAndBodyReplaysTheFirstAnswer(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String key = UUID.randomUUID().toString();
        String body = ResponsesTest.body("m", "once");
        int before = responseCount(http);
        Http.Res first = post(http, "/v1/responses", body, key);
        assertEquals(200, first.status());
        ResponsesTest.awaitTerminal(http, first.str("id"));
        Http.Res again = post(http, "/v1/responses", body, key);
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body(), "the first answer, byte for byte");
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElseThrow());
        assertEquals(before + 1, responseCount(http));
    }

    @Test
    void sameKeyWithAnotherBodyIs409(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String key = UUID.randomUUID().toString();
        assertEquals(200, post(http, "/v1/batches", BatchesTest.batch(BatchesTest.request("a", "m", "x")), key).status());
        int batches = http.get("/v1/batches").array("items").size();
        Http.Res conflict = post(http, "/v1/batches", BatchesTest.batch(BatchesTest.request("a", "m", "y")), key);
        assertEquals(409, conflict.status(), conflict.toString());
        assertTrue(conflict.detail().contains("Idempotency-Key"));
        assertEquals(batches, http.get("/v1/batches").array("items").size());
    }

    @Test
    void keysArePerCredential(SferenceEmulator emulator) {
        Http a = new Http(emulator).as("sk_a");
        Http b = new Http(emulator).as("sk_b");
        String key = UUID.randomUUID().toString();
        Http.Res fromA = post(a, "/v1/streams", "{\"name\":\"s\",\"window\":\"1h\"}", key);
        Http.Res fromB = post(b, "/v1/streams", "{\"name\":\"s\",\"window\":\"1h\"}", key);
        assertNotEquals(fromA.str("id"), fromB.str("id"));
        assertEquals(fromA.str("id"), post(a, "/v1/streams", "{\"name\":\"s\",\"window\":\"1h\"}", key).str("id"));
    }

    @Test
    void errorAnswersOfTheActionAreReplayedToo(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String key = UUID.randomUUID().toString();
        String body = "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"stream_id\":\"nope\"}}";
        Http.Res first = post(http, "/v1/responses", body, key);
        assertEquals(404, first.status());
        Http.Res again = post(http, "/v1/responses", body, key);
        assertEquals(404, again.status());
        assertEquals(first.body(), again.body());
    }

    @Test
    void validationFailuresAreNotRememberedSoTheKeyCanBeReusedWithAFixedBody(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String key = UUID.randomUUID().toString();
        assertEquals(422, post(http, "/v1/responses", "{\"model\":\"m\"}", key).status());
        assertEquals(200, post(http, "/v1/responses", ResponsesTest.body("m", "fixed"), key).status());
    }

    @Test
    void concurrentRepeatsCreateOneResponse(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String key = UUID.randomUUID().toString();
        String body = ResponsesTest.body("m", "race");
        int before = responseCount(http);
        List<CompletableFuture<Http.Res>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> post(http, "/v1/responses", body, key)));
        }
        String id = null;
        for (CompletableFuture<Http.Res> call : calls) {
            Http.Res res = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, res.status());
            if (id == null) {
                id = res.str("id");
            }
            assertEquals(id, res.str("id"));
        }
        assertEquals(before + 1, responseCount(http));
    }

    @Test
    void withoutTheHeaderEveryPostCreates(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String body = ResponsesTest.body("m", "twice");
        assertNotEquals(http.post("/v1/responses", body).str("id"), http.post("/v1/responses", body).str("id"));
    }
}
