package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Long-polls and completion order, on an emulator whose jobs take 2 × 150 ms. */
class StreamLongPollTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(150)).build());

    private static CompletableFuture<HttpResponse<String>> poll(Http http, String stream, String query) {
        return Http.CLIENT.sendAsync(http.request("/v1/streams/" + stream + "/events" + query).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject body(CompletableFuture<HttpResponse<String>> future) throws Exception {
        HttpResponse<String> response = future.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void longPollWakesWhenAnEventArrives(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "wake");
        CompletableFuture<HttpResponse<String>> waiting = poll(http, stream, "?wait_ms=30000");
        Http.await("the long-poll to arrive", Duration.ofSeconds(5), () -> emulator.requests().stream()
                .anyMatch(r -> r.path().contains(stream + "/events")));
        String id = StreamsTest.submit(http, stream, "m", "wake up", null);
        JsonArray data = body(waiting).getAsJsonArray("data");
        assertEquals(1, data.size());
        assertEquals(id, data.get(0).getAsJsonObject().get("completion_id").getAsString());
    }

    @Test
    void longPollAfterACursorWakesWithTheNextEvent(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "cursor");
        String first = StreamsTest.submit(http, stream, "m", "one", null);
        Http.await("first event", Duration.ofSeconds(5),
                () -> http.get("/v1/streams/" + stream + "/events").array("data").size() == 1);
        CompletableFuture<HttpResponse<String>> waiting = poll(http, stream, "?wait_ms=30000&starting_after=" + first);
        String second = StreamsTest.submit(http, stream, "m", "two", null);
        JsonObject page = body(waiting);
        assertEquals(second, page.getAsJsonArray("data").get(0).getAsJsonObject().get("completion_id").getAsString());
        assertFalse(page.get("has_more").getAsBoolean());
    }

    @Test
    void longPollWakesWhenAJobIsCancelled(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "cancel");
        String id = StreamsTest.submit(http, stream, "m", "x", null);
        CompletableFuture<HttpResponse<String>> waiting = poll(http, stream, "?wait_ms=30000");
        http.delete("/v1/responses/" + id);
        JsonObject event = body(waiting).getAsJsonArray("data").get(0).getAsJsonObject();
        assertEquals("cancelled", event.get("status").getAsString());
    }

    @Test
    void longPollTimesOutWithAnEmptyPage(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "quiet");
        long start = System.nanoTime();
        JsonObject page = body(poll(http, stream, "?wait_ms=300"));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(0, page.getAsJsonArray("data").size());
        assertFalse(page.get("has_more").getAsBoolean());
        assertTrue(elapsedMs >= 290, "held for the wait: " + elapsedMs + " ms");
    }

    @Test
    void manyLongPollsAreServedAtOnce(SferenceEmulator emulator) throws Exception {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "crowd");
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            polls.add(poll(http, stream, "?wait_ms=30000"));
        }
        Http.await("every long-poll to arrive", Duration.ofSeconds(10), () -> emulator.requests().stream()
                .filter(r -> r.path().contains(stream + "/events")).count() == 40);
        String id = StreamsTest.submit(http, stream, "m", "all", null);
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            assertEquals(id, body(p).getAsJsonArray("data").get(0).getAsJsonObject().get("completion_id").getAsString());
        }
    }

    @Test
    void eventsAreOrderedByCompletionNotCreation(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String stream = StreamsTest.createStream(http, "order");
        String first = StreamsTest.submit(http, stream, "m", "slow", null);
        String second = StreamsTest.submit(http, stream, "m", "cancelled first", null);
        http.delete("/v1/responses/" + second);
        Http.await("both events", Duration.ofSeconds(5),
                () -> http.get("/v1/streams/" + stream + "/events").array("data").size() == 2);
        JsonArray newestFirst = http.get("/v1/streams/" + stream + "/events").array("data");
        assertEquals(first, newestFirst.get(0).getAsJsonObject().get("completion_id").getAsString());
        assertEquals(second, newestFirst.get(1).getAsJsonObject().get("completion_id").getAsString());
        JsonArray forward = http.get("/v1/streams/" + stream + "/events?starting_after=" + second).array("data");
        assertEquals(first, forward.get(0).getAsJsonObject().get("completion_id").getAsString());
    }
}
