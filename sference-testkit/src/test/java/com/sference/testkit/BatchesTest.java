package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchesTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(100)).build());

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    static String request(String customId, String model, String content) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", content);
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        body.add("messages", messages);
        JsonObject r = new JsonObject();
        r.addProperty("custom_id", customId);
        r.add("body", body);
        return r.toString();
    }

    static String batch(String... requests) {
        return "{\"window\":\"24h\",\"requests\":[" + String.join(",", requests) + "]}";
    }

    private static Http.Res awaitTerminal(Http http, String id) {
        Http.Res[] last = new Http.Res[1];
        Http.await("batch " + id + " to finish", Duration.ofSeconds(10), () -> {
            last[0] = http.get("/v1/batches/" + id);
            return TERMINAL.contains(last[0].str("status"));
        });
        return last[0];
    }

    @Test
    void batchGoesPendingRunningCompletedWithEchoResults(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        Http.Res created = http.post("/v1/batches", batch(
                request("a", "Qwen/Qwen2.5-7B-Instruct", "Hello there world"),
                request(null, "Qwen/Qwen2.5-7B-Instruct", "Hi")));
        assertEquals(200, created.status(), created.toString());
        JsonObject b = created.json();
        String id = b.get("id").getAsString();
        assertEquals("pending", b.get("status").getAsString());
        assertEquals("24h", b.get("window").getAsString());
        assertEquals(2, b.get("request_count").getAsInt());
        assertTrue(b.get("completed_at").isJsonNull());
        assertEquals(0, b.get("total_tokens").getAsInt());
        OffsetDateTime.parse(b.get("created_at").getAsString());
        assertTrue(b.get("created_at").getAsString().endsWith("+00:00"), b.toString());

        Http.await("running", Duration.ofSeconds(5), () -> !http.get("/v1/batches/" + id).str("status").equals("pending"));
        Http.Res done = awaitTerminal(http, id);
        JsonObject d = done.json();
        assertEquals("completed", d.get("status").getAsString());
        assertFalse(d.get("completed_at").isJsonNull());
        assertEquals(d.get("completed_at"), d.get("updated_at"));
        // "Hello there world" + "Hi" = 4 prompt words; "echo: Hello there world" 4 + "echo: Hi" 2 = 6.
        assertEquals(4, d.get("total_prompt_tokens").getAsInt());
        assertEquals(6, d.get("total_completion_tokens").getAsInt());
        assertEquals(10, d.get("total_tokens").getAsInt());

        JsonObject results = http.get("/v1/batches/" + id + "/results").json();
        assertEquals(id, results.get("batch_id").getAsString());
        assertEquals("completed", results.get("status").getAsString());
        assertEquals(emulator.baseUrl() + "/v1/batches/" + id + "/results.jsonl",
                results.get("output_url").getAsString());
        assertEquals(d.get("completed_at"), results.get("completed_at"));
        JsonArray items = results.getAsJsonArray("results");
        assertEquals(2, items.size());
        JsonObject first = items.get(0).getAsJsonObject();
        assertEquals("a", first.get("custom_id").getAsString());
        assertEquals("completed", first.get("status").getAsString());
        assertTrue(first.get("error").isJsonNull());
        assertEquals(3, first.get("prompt_tokens").getAsInt());
        assertEquals(4, first.get("completion_tokens").getAsInt());
        assertEquals(7, first.get("total_tokens").getAsInt());
        JsonObject completion = first.getAsJsonObject("result");
        assertEquals("chat.completion", completion.get("object").getAsString());
        assertEquals("Qwen/Qwen2.5-7B-Instruct", completion.get("model").getAsString());
        assertEquals("echo: Hello there world", completion.getAsJsonArray("choices").get(0).getAsJsonObject()
                .getAsJsonObject("message").get("content").getAsString());
        assertEquals(7, completion.getAsJsonObject("usage").get("total_tokens").getAsInt());
        assertTrue(items.get(1).getAsJsonObject().get("custom_id").isJsonNull());
    }

    @Test
    void resultsAreNullAndJsonlIs409UntilTerminal(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = http.post("/v1/batches", batch(request("x", "m", "one two"))).str("id");
        Http.Res results = http.get("/v1/batches/" + id + "/results");
        assertEquals(200, results.status());
        assertTrue(results.json().get("results").isJsonNull());
        assertTrue(results.json().get("output_url").isJsonNull());
        assertTrue(results.json().get("completed_at").isJsonNull());
        Http.Res early = http.get("/v1/batches/" + id + "/results.jsonl");
        assertEquals(409, early.status(), early.toString());
        assertEquals("conflict_error", early.json().getAsJsonObject("error").get("type").getAsString());

        awaitTerminal(http, id);
        Http.Res jsonl = http.get("/v1/batches/" + id + "/results.jsonl");
        assertEquals(200, jsonl.status());
        assertEquals("application/x-ndjson", jsonl.headers().firstValue("Content-Type").orElseThrow());
        List<String> lines = jsonl.body().lines().collect(Collectors.toList());
        assertEquals(1, lines.size());
        JsonObject item = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("x", item.get("custom_id").getAsString());
        assertEquals("echo: one two", item.getAsJsonObject("result").getAsJsonArray("choices").get(0)
                .getAsJsonObject().getAsJsonObject("message").get("content").getAsString());
    }

    @Test
    void cancelStopsAPendingBatchAndLeavesATerminalOneUnchanged(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = http.post("/v1/batches", batch(request("x", "m", "hi"))).str("id");
        Http.Res cancelled = http.post("/v1/batches/" + id + "/cancel", "");
        assertEquals(200, cancelled.status());
        assertEquals("cancelled", cancelled.str("status"));
        assertFalse(cancelled.json().get("completed_at").isJsonNull());
        assertEquals(0, cancelled.json().get("total_tokens").getAsInt());
        JsonObject results = http.get("/v1/batches/" + id + "/results").json();
        assertEquals("cancelled", results.get("status").getAsString());
        JsonObject item = results.getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals("cancelled", item.get("status").getAsString());
        assertTrue(item.get("result").isJsonNull());
        assertEquals(200, http.get("/v1/batches/" + id + "/results.jsonl").status());

        String other = http.post("/v1/batches", batch(request("y", "m", "hi"))).str("id");
        JsonObject done = awaitTerminal(http, other).json();
        Http.Res again = http.post("/v1/batches/" + other + "/cancel", "");
        assertEquals(done, again.json());
        assertEquals("completed", again.str("status"));
    }

    @Test
    void batchWhoseEveryRequestFailsEndsFailed(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = http.post("/v1/batches", batch(request("a", "sference/fail", "x"),
                request("b", "sference/fail", "y"))).str("id");
        assertEquals("failed", awaitTerminal(http, id).str("status"));
        JsonObject item = http.get("/v1/batches/" + id + "/results").array("results").get(1).getAsJsonObject();
        assertEquals("failed", item.get("status").getAsString());
        assertTrue(item.get("result").isJsonNull());
        assertEquals("model_error", item.getAsJsonObject("error").get("code").getAsString());
        assertFalse(item.getAsJsonObject("error").get("message").getAsString().isEmpty());
    }

    @Test
    void batchWithSomeFailuresCompletesWithPerRequestErrors(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = http.post("/v1/batches", batch(request("ok", "m", "a b"), request("bad", "sference/fail", "c")))
                .str("id");
        JsonObject done = awaitTerminal(http, id).json();
        assertEquals("completed", done.get("status").getAsString());
        assertEquals(2, done.get("total_prompt_tokens").getAsInt());
        JsonArray items = http.get("/v1/batches/" + id + "/results").array("results");
        assertEquals("completed", items.get(0).getAsJsonObject().get("status").getAsString());
        assertEquals("failed", items.get(1).getAsJsonObject().get("status").getAsString());
    }

    @Test
    void listIsNewestFirstAndUnknownIdsAre404(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String first = http.post("/v1/batches", batch(request("1", "m", "a"))).str("id");
        String second = http.post("/v1/batches", batch(request("2", "m", "b"))).str("id");
        JsonArray items = http.get("/v1/batches").array("items");
        assertEquals(second, items.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals(first, items.get(1).getAsJsonObject().get("id").getAsString());
        assertEquals(404, http.get("/v1/batches/nope").status());
        assertEquals(404, http.get("/v1/batches/nope/results").status());
        assertEquals(404, http.get("/v1/batches/nope/results.jsonl").status());
        assertEquals(404, http.post("/v1/batches/nope/cancel", "").status());
    }

    @Test
    void windowMayBeLeftOut(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).post("/v1/batches", "{\"requests\":[" + request("a", "m", "x") + "]}");
        assertEquals(200, res.status(), res.toString());
        assertEquals("24h", res.str("window"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"window\":\"1h\",\"requests\":[{\"body\":{\"model\":\"m\"}}]}|body.window",
        "{\"window\":\"24h\",\"requests\":[]}|body.requests",
        "{\"window\":\"24h\"}|body.requests",
        "{\"requests\":{}}|body.requests",
        "{\"requests\":[{\"body\":{\"model\":\"m\"},\"method\":\"POST\"}]}|body.requests.0.method",
        "{\"requests\":[{\"custom_id\":\"a\"}]}|body.requests.0.body",
        "{\"requests\":[{\"body\":{\"model\":\"\"}}]}|body.requests.0.body.model",
        "{\"requests\":[{\"body\":{\"messages\":[]}}]}|body.requests.0.body.model",
        "{\"requests\":[{\"custom_id\":5,\"body\":{\"model\":\"m\"}}]}|body.requests.0.custom_id",
        "{\"requests\":[1]}|body.requests.0",
        "[1]|body",
        "{\"requests\":[|body",
    })
    void invalidBatchesAre422(String spec, SferenceEmulator emulator) {
        String[] parts = spec.split("\\|");
        int before = new Http(emulator).get("/v1/batches").array("items").size();
        Http.Res res = new Http(emulator).post("/v1/batches", parts[0]);
        assertEquals(422, res.status(), res.toString());
        JsonObject first = res.array("detail").get(0).getAsJsonObject();
        String loc = first.getAsJsonArray("loc").asList().stream().map(e -> e.getAsString())
                .collect(Collectors.joining("."));
        assertEquals(parts[1], loc, res.toString());
        assertFalse(first.get("msg").getAsString().isEmpty());
        assertEquals("invalid_request_error", res.json().getAsJsonObject("error").get("type").getAsString());
        assertEquals(before, new Http(emulator).get("/v1/batches").array("items").size());
    }

    @Test
    void largeChunkedBatchIsParsedAsAStream(SferenceEmulator emulator) {
        int n = 20_000;
        Http http = new Http(emulator);
        HttpRequest.Builder builder = http.request("/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new BatchStream(n)));
        Http.Res created = http.send(builder);
        assertEquals(200, created.status(), created.toString());
        String id = created.str("id");
        assertEquals(n, created.json().get("request_count").getAsInt());
        RecordedRequest recorded = emulator.requests().stream().filter(r -> r.path().equals("/v1/batches")
                && r.method().equals("POST")).reduce((a, b) -> b).orElseThrow();
        assertTrue(recorded.header("content-length").isEmpty(), "sent chunked");
        assertTrue(recorded.bodySize() > n * 50L, "body size " + recorded.bodySize());
        awaitTerminal(http, id);
        Http.Res jsonl = http.get("/v1/batches/" + id + "/results.jsonl");
        List<String> lines = jsonl.body().lines().collect(Collectors.toList());
        assertEquals(n, lines.size());
        assertEquals("r19999", JsonParser.parseString(lines.get(n - 1)).getAsJsonObject().get("custom_id").getAsString());
    }

    /** Writes a batch of n requests lazily, as a client streaming a JSONL file would. */
    private static final class BatchStream extends InputStream {
        private final int n;
        private int next = -1;
        private byte[] chunk = new byte[0];
        private int pos;

        BatchStream(int n) {
            this.n = n;
        }

        @Override
        public int read() {
            if (pos == chunk.length && !refill()) {
                return -1;
            }
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == chunk.length && !refill()) {
                return -1;
            }
            int k = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, k);
            pos += k;
            return k;
        }

        private boolean refill() {
            if (next > n) {
                return false;
            }
            String text;
            if (next == -1) {
                text = "{\"window\":\"24h\",\"requests\":[";
            } else if (next == n) {
                text = "]}";
            } else {
                text = (next > 0 ? "," : "") + request("r" + next, "m", "request number " + next);
            }
            next++;
            chunk = text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }

}
