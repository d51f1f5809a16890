package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamsTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(100)).build());

    static String createStream(Http http, String name) {
        Http.Res res = http.post("/v1/streams", "{\"name\":\"" + name + "\",\"window\":\"24h\"}");
        assertEquals(200, res.status(), res.toString());
        return res.str("id");
    }

    static String submit(Http http, String stream, String model, String content, String customId) {
        Http.Res res = http.post("/v1/responses", "{\"model\":\"" + model + "\",\"input\":[{\"role\":\"user\",\"content\":\""
                + content + "\"}],\"metadata\":{\"stream_id\":\"" + stream + "\",\"completion_window\":\"24h\""
                + (customId == null ? "" : ",\"custom_id\":\"" + customId + "\"") + "}}");
        assertEquals(200, res.status(), res.toString());
        return res.str("id");
    }

    @Test
    void createdStreamIsOpenWithZeroCounters(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).post("/v1/streams", "{\"name\":\"demo\",\"window\":\"1h\"}");
        assertEquals(200, res.status());
        JsonObject s = res.json();
        assertEquals("demo", s.get("name").getAsString());
        assertEquals("1h", s.get("window").getAsString());
        assertEquals("open", s.get("status").getAsString());
        OffsetDateTime.parse(s.get("created_at").getAsString());
        OffsetDateTime.parse(s.get("updated_at").getAsString());
        assertTrue(s.get("cancelled_at").isJsonNull());
        assertTrue(s.get("archived_at").isJsonNull());
        for (String counter : new String[] {"total_items", "pending_items", "running_items", "completed_items",
            "failed_items", "cancelled_items", "total_prompt_tokens", "total_completion_tokens", "total_tokens"}) {
            assertEquals(0, s.get(counter).getAsInt(), counter);
        }
        assertEquals(0.0, s.get("completion_ratio").getAsDouble());
        assertTrue(s.get("latest_completion_id").isJsonNull());
        assertTrue(s.get("last_completion_at").isJsonNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"window\":\"24h\"}", "{\"name\":5,\"window\":\"24h\"}", "{\"name\":\"\",\"window\":\"24h\"}",
        "{\"name\":\"s\",\"window\":\"2h\"}", "{\"name\":\"s\"}", "{\"name\":\"s\",\"window\":24}"})
    void invalidStreamsAre422(String json, SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).post("/v1/streams", json);
        assertEquals(422, res.status(), res.toString());
        assertTrue(res.array("detail").size() >= 1);
    }

    @Test
    void listIsNewestFirstAndUnknownIs404(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String a = createStream(http, "a");
        String b = createStream(http, "b");
        var items = http.get("/v1/streams").array("items");
        assertEquals(b, items.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals(a, items.get(1).getAsJsonObject().get("id").getAsString());
        assertEquals(404, http.get("/v1/streams/nope").status());
        assertEquals(404, http.patch("/v1/streams/nope", "{\"status\":\"archived\"}").status());
        assertEquals(404, http.get("/v1/streams/nope/events").status());
    }

    @Test
    void countersFollowTheJobs(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String stream = createStream(http, "counters");
        submit(http, stream, "m", "one two", "a");
        submit(http, stream, "sference/fail", "x", "b");
        String third = submit(http, stream, "m", "three", "c");
        JsonObject s = http.get("/v1/streams/" + stream).json();
        assertEquals(3, s.get("total_items").getAsInt());
        assertEquals(3, s.get("pending_items").getAsInt() + s.get("running_items").getAsInt());
        assertEquals(0.0, s.get("completion_ratio").getAsDouble());
        http.delete("/v1/responses/" + third);
        Http.await("stream to finish", Duration.ofSeconds(10),
                () -> http.get("/v1/streams/" + stream).json().get("completion_ratio").getAsDouble() == 1.0);
        s = http.get("/v1/streams/" + stream).json();
        assertEquals(0, s.get("pending_items").getAsInt());
        assertEquals(0, s.get("running_items").getAsInt());
        assertEquals(1, s.get("completed_items").getAsInt());
        assertEquals(1, s.get("failed_items").getAsInt());
        assertEquals(1, s.get("cancelled_items").getAsInt());
        assertEquals(2, s.get("total_prompt_tokens").getAsInt());
        assertEquals(3, s.get("total_completion_tokens").getAsInt());
        assertEquals(5, s.get("total_tokens").getAsInt());
        JsonObject newest = http.get("/v1/streams/" + stream + "/events?limit=1").array("data").get(0).getAsJsonObject();
        assertEquals(newest.get("completion_id"), s.get("latest_completion_id"));
        assertEquals(newest.get("completed_at"), s.get("last_completion_at"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "open, archived, 200",
        "open, cancelled, 200",
        "cancelled, archived, 200",
        "cancelled, cancelled, 200",
        "archived, archived, 200",
        "archived, cancelled, 409",
    })
    void patchFollowsTheAllowedMoves(String from, String to, int status, SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = createStream(http, from + "-" + to);
        if (!from.equals("open")) {
            assertEquals(200, http.patch("/v1/streams/" + id, "{\"status\":\"" + from + "\"}").status());
        }
        JsonObject before = http.get("/v1/streams/" + id).json();
        Http.Res res = http.patch("/v1/streams/" + id, "{\"status\":\"" + to + "\"}");
        assertEquals(status, res.status(), res.toString());
        JsonObject after = http.get("/v1/streams/" + id).json();
        if (status == 200) {
            assertEquals(to, res.str("status"));
            assertEquals(to, after.get("status").getAsString());
            if (from.equals(to)) {
                assertEquals(before, after, "unchanged");
            } else {
                String stamp = to + "_at";
                assertFalse(after.get(stamp).isJsonNull(), stamp);
            }
        } else {
            assertEquals(before, after, "unchanged after 409");
            assertEquals("conflict_error", res.json().getAsJsonObject("error").get("type").getAsString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"paused\"}", "{}", "{\"status\":5}", "{\"status\":null}", "nope",
        "{\"status\":\"open\"}", "{\"status\":\"Archived\"}", "[{\"status\":\"archived\"}]"})
    void patchWithoutAValidStatusIs422(String json, SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = createStream(http, "bad-patch");
        assertEquals(422, http.patch("/v1/streams/" + id, json).status());
        assertEquals("open", http.get("/v1/streams/" + id).str("status"));
    }

    @ParameterizedTest(name = "{0} stream")
    @ValueSource(strings = {"open", "cancelled", "archived"})
    void patchToOpenIs422WithAValidationDetailWhateverTheStreamStatus(String from, SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = createStream(http, "reopen-" + from);
        if (!from.equals("open")) {
            assertEquals(200, http.patch("/v1/streams/" + id, "{\"status\":\"" + from + "\"}").status());
        }
        JsonObject before = http.get("/v1/streams/" + id).json();
        Http.Res res = http.patch("/v1/streams/" + id, "{\"status\":\"open\"}");
        assertEquals(422, res.status(), res.toString());
        assertEquals("application/json", res.headers().firstValue("Content-Type").orElseThrow());
        JsonArray detail = res.json().getAsJsonArray("detail");
        assertEquals(1, detail.size(), res.toString());
        JsonObject item = detail.get(0).getAsJsonObject();
        assertEquals(JsonParser.parseString("[\"body\",\"status\"]"), item.get("loc"));
        assertEquals("Input should be 'archived' or 'cancelled'", item.get("msg").getAsString());
        assertEquals("literal_error", item.get("type").getAsString());
        JsonObject error = res.json().getAsJsonObject("error");
        assertEquals("invalid_request_error", error.get("type").getAsString());
        assertEquals("validation_error", error.get("code").getAsString());
        assertEquals("body.status: Input should be 'archived' or 'cancelled'", error.get("message").getAsString());
        assertEquals(before, http.get("/v1/streams/" + id).json(), "unchanged after 422");
    }

    @Test
    void cancellingAStreamCancelsItsUnfinishedJobs(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String stream = createStream(http, "cancel-me");
        String first = submit(http, stream, "m", "a", "first");
        String second = submit(http, stream, "m", "b", "second");
        JsonObject s = http.patch("/v1/streams/" + stream, "{\"status\":\"cancelled\"}").json();
        assertEquals("cancelled", s.get("status").getAsString());
        assertFalse(s.get("cancelled_at").isJsonNull());
        assertEquals(2, s.get("cancelled_items").getAsInt());
        assertEquals(1.0, s.get("completion_ratio").getAsDouble());
        assertEquals("cancelled", http.get("/v1/responses/" + first).str("status"));
        assertEquals("cancelled", http.get("/v1/responses/" + second).str("status"));
        var events = http.get("/v1/streams/" + stream + "/events").array("data");
        assertEquals(2, events.size());
        JsonObject newest = events.get(0).getAsJsonObject();
        assertEquals(second, newest.get("completion_id").getAsString());
        assertEquals("cancelled", newest.get("status").getAsString());
        assertEquals("second", newest.get("custom_id").getAsString());
        assertTrue(newest.get("result").isJsonNull());
        assertTrue(newest.get("error").isJsonNull());
        assertEquals(0, newest.get("total_tokens").getAsInt());
        JsonObject archived = http.patch("/v1/streams/" + stream, "{\"status\":\"archived\"}").json();
        assertEquals(s.get("cancelled_at"), archived.get("cancelled_at"));
        assertFalse(archived.get("archived_at").isJsonNull());
    }
}
