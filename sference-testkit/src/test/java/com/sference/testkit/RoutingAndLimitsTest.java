package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoutingAndLimitsTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().maxRequestBodyBytes(1024).build());

    @Test
    void unknownPathsAre404WithTheErrorShape(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        for (String path : List.of("/", "/v1", "/v2/batches", "/v1/batches/x/y", "/v1/responses/x/cancel/more")) {
            Http.Res res = http.get(path);
            assertEquals(404, res.status(), path);
            assertEquals("not_found_error", res.json().getAsJsonObject("error").get("type").getAsString());
        }
        assertEquals(404, http.as(null).get("/nowhere").status(), "404 comes before auth");
    }

    @Test
    void wrongMethodsAre405WithAllow(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        Http.Res res = http.delete("/v1/batches");
        assertEquals(405, res.status());
        assertEquals("GET, POST", res.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, http.get("/v1/auth/login").status());
        assertEquals(405, http.post("/v1/responses/x", "{}").status());
        assertEquals(405, http.patch("/v1/batches/x", "{}").status());
        assertEquals(405, http.send(http.request("/v1/streams/x/events").method("PUT",
                HttpRequest.BodyPublishers.noBody())).status());
        Http.Res head = http.send(http.request("/v1/batches").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, head.status());
        assertEquals("", head.body());
    }

    @Test
    void bodiesOverTheLimitAre413WithContentLength(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String big = "{\"name\":\"" + "x".repeat(2000) + "\",\"window\":\"1h\"}";
        Http.Res res = http.post("/v1/streams", big);
        assertEquals(413, res.status(), res.toString());
        assertEquals("request_too_large", res.json().getAsJsonObject("error").get("type").getAsString());
        assertEquals(0, http.get("/v1/streams").array("items").size());
    }

    @Test
    void chunkedBodiesOverTheLimitAre413(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        byte[] big = ("{\"name\":\"" + "y".repeat(4000) + "\",\"window\":\"1h\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Http.Res res = http.send(http.request("/v1/streams").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertEquals(413, res.status(), res.toString());
        assertEquals(0, http.get("/v1/streams").array("items").size());
    }

    @Test
    void bodiesUnderTheLimitPass(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).post("/v1/streams", "{\"name\":\"" + "z".repeat(900) + "\",\"window\":\"1h\"}");
        assertEquals(200, res.status());
        new Http(emulator).patch("/v1/streams/" + res.str("id"), "{\"status\":\"archived\"}");
    }

    @Test
    void requestsAreRecordedInOrderWithLowerCaseHeadersAndBodySize(SferenceEmulator emulator) {
        emulator.clearRequests();
        Http http = new Http(emulator);
        http.send(http.request("/v1/responses?limit=5").header("User-Agent", "sference-java/0.1 test").GET());
        String login = "{\"username\":\"u\",\"password\":\"p\"}";
        http.post("/v1/auth/login", login);
        List<RecordedRequest> requests = emulator.requests();
        assertEquals(2, requests.size());
        RecordedRequest first = requests.get(0);
        assertEquals("GET", first.method());
        assertEquals("/v1/responses?limit=5", first.path());
        assertEquals("/v1/responses", first.pathOnly());
        assertEquals("sference-java/0.1 test", first.header("USER-AGENT").orElseThrow());
        assertTrue(first.headers().containsKey("user-agent"));
        assertEquals(0, first.bodySize());
        RecordedRequest second = requests.get(1);
        assertEquals("POST", second.method());
        assertEquals(login.length(), second.bodySize());
        emulator.clearRequests();
        assertEquals(List.of(), emulator.requests());
    }
}
