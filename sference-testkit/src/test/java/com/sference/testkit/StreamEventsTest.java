package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event paging with cursors, on an emulator whose jobs finish as soon as they are created. */
class StreamEventsTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ZERO).build());

    private static String stream;
    private static final List<String> EVENTS = new ArrayList<>();

    @BeforeAll
    static void fiveEvents(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        stream = StreamsTest.createStream(http, "paging");
        for (int i = 1; i <= 5; i++) {
            EVENTS.add(StreamsTest.submit(http, stream, i == 3 ? "sference/fail" : "m", "event " + i, "c" + i));
        }
    }

    private static List<String> ids(JsonArray data) {
        return data.asList().stream().map(e -> e.getAsJsonObject().get("completion_id").getAsString())
                .collect(Collectors.toList());
    }

    private static String e(int n) {
        return EVENTS.get(n - 1);
    }

    private static Http.Res page(SferenceEmulator emulator, String query) {
        Http.Res res = new Http(emulator).get("/v1/streams/" + stream + "/events" + query);
        assertEquals(200, res.status(), res.toString());
        assertEquals("list", res.str("object"));
        return res;
    }

    @Test
    void noCursorGivesTheNewestNewestFirst(SferenceEmulator emulator) {
        Http.Res all = page(emulator, "");
        assertEquals(List.of(e(5), e(4), e(3), e(2), e(1)), ids(all.array("data")));
        assertFalse(all.json().get("has_more").getAsBoolean());
        Http.Res two = page(emulator, "?limit=2");
        assertEquals(List.of(e(5), e(4)), ids(two.array("data")));
        assertTrue(two.json().get("has_more").getAsBoolean());
    }

    @Test
    void startingAfterPagesForwardOldestFirst(SferenceEmulator emulator) {
        Http.Res first = page(emulator, "?limit=2&starting_after=" + e(1));
        assertEquals(List.of(e(2), e(3)), ids(first.array("data")));
        assertTrue(first.json().get("has_more").getAsBoolean());
        Http.Res next = page(emulator, "?limit=2&starting_after=" + e(3));
        assertEquals(List.of(e(4), e(5)), ids(next.array("data")));
        assertFalse(next.json().get("has_more").getAsBoolean());
        Http.Res end = page(emulator, "?starting_after=" + e(5) + "&wait_ms=0");
        assertEquals(List.of(), ids(end.array("data")));
        assertFalse(end.json().get("has_more").getAsBoolean());
    }

    @Test
    void endingBeforePagesBackwardNewestFirst(SferenceEmulator emulator) {
        Http.Res first = page(emulator, "?limit=2&ending_before=" + e(4));
        assertEquals(List.of(e(3), e(2)), ids(first.array("data")));
        assertTrue(first.json().get("has_more").getAsBoolean());
        Http.Res last = page(emulator, "?limit=2&ending_before=" + e(2));
        assertEquals(List.of(e(1)), ids(last.array("data")));
        assertFalse(last.json().get("has_more").getAsBoolean());
        long start = System.nanoTime();
        Http.Res none = page(emulator, "?ending_before=" + e(1) + "&wait_ms=20000");
        assertEquals(List.of(), ids(none.array("data")));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000, "answered without waiting");
    }

    @Test
    void eventsCarryResultErrorTokensAndCustomId(SferenceEmulator emulator) {
        JsonArray data = page(emulator, "?limit=5").array("data");
        JsonObject completed = data.get(4).getAsJsonObject();
        assertEquals(e(1), completed.get("completion_id").getAsString());
        assertEquals("c1", completed.get("custom_id").getAsString());
        assertEquals("completed", completed.get("status").getAsString());
        JsonObject result = completed.getAsJsonObject("result");
        assertEquals(e(1), result.get("id").getAsString());
        assertEquals("completed", result.get("status").getAsString());
        assertEquals("echo: event 1", result.getAsJsonArray("output").get(0).getAsJsonObject().get("text").getAsString());
        assertTrue(completed.get("error").isJsonNull());
        assertEquals(2, completed.get("prompt_tokens").getAsInt());
        assertEquals(3, completed.get("completion_tokens").getAsInt());
        assertEquals(5, completed.get("total_tokens").getAsInt());
        OffsetDateTime.parse(completed.get("completed_at").getAsString());

        JsonObject failed = data.get(2).getAsJsonObject();
        assertEquals("failed", failed.get("status").getAsString());
        assertTrue(failed.get("result").isJsonNull());
        assertEquals("model_error", failed.getAsJsonObject("error").get("code").getAsString());
        assertEquals(0, failed.get("total_tokens").getAsInt());
    }

    @Test
    void defaultLimitIsTwenty(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String big = StreamsTest.createStream(http, "big");
        for (int i = 0; i < 21; i++) {
            StreamsTest.submit(http, big, "m", "x", null);
        }
        Http.Res res = http.get("/v1/streams/" + big + "/events");
        assertEquals(20, res.array("data").size());
        assertTrue(res.json().get("has_more").getAsBoolean());
        assertEquals(21, http.get("/v1/streams/" + big + "/events?limit=100").array("data").size());
    }

    @Test
    void bothCursorsAre400(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).get("/v1/streams/" + stream + "/events?starting_after=" + e(1)
                + "&ending_before=" + e(3));
        assertEquals(400, res.status(), res.toString());
        assertFalse(res.detail().isEmpty());
    }

    @Test
    void unknownCursorsAndCursorsOfOtherStreamsAre404(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String other = StreamsTest.createStream(http, "other");
        String foreign = StreamsTest.submit(http, other, "m", "x", null);
        String standalone = http.post("/v1/responses", ResponsesTest.body("m", "x")).str("id");
        for (String cursor : new String[] {"nope", foreign, standalone}) {
            assertEquals(404, http.get("/v1/streams/" + stream + "/events?starting_after=" + cursor).status());
            assertEquals(404, http.get("/v1/streams/" + stream + "/events?ending_before=" + cursor).status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "wait_ms=-1", "wait_ms=30001", "wait_ms=soon"})
    void outOfRangeParametersAre422(String query, SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).get("/v1/streams/" + stream + "/events?" + query);
        assertEquals(422, res.status(), res.toString());
        JsonElement loc = res.array("detail").get(0).getAsJsonObject().get("loc");
        assertEquals("query", loc.getAsJsonArray().get(0).getAsString());
    }

    @Test
    void aLongPollAtTheEndOfAClosedDrainedStreamIsAnsweredAtOnce(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String closed = StreamsTest.createStream(http, "closed");
        String only = StreamsTest.submit(http, closed, "m", "one", "c1");
        assertEquals(200, http.patch("/v1/streams/" + closed, "{\"status\":\"archived\"}").status());
        long start = System.nanoTime();
        Http.Res end = http.get("/v1/streams/" + closed + "/events?starting_after=" + only + "&wait_ms=20000");
        assertEquals(List.of(), ids(end.array("data")));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000, "answered without waiting");
    }

    @Test
    void aHeldLongPollOnAnEmptyStreamIsAnsweredWhenTheStreamCloses(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String empty = StreamsTest.createStream(http, "empty");
        long start = System.nanoTime();
        java.util.concurrent.CompletableFuture<Http.Res> held = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> http.get("/v1/streams/" + empty + "/events?wait_ms=20000"));
        Thread.sleep(300);
        assertFalse(held.isDone(), "held while the stream is open");
        assertEquals(200, http.patch("/v1/streams/" + empty, "{\"status\":\"cancelled\"}").status());
        Http.Res answered = held.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of(), ids(answered.array("data")));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000, "answered on closing");
    }
}
