package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(100)).build());

    static String body(String model, String content) {
        return "{\"model\":\"" + model + "\",\"input\":[{\"role\":\"user\",\"content\":\"" + content
                + "\"}],\"metadata\":{\"completion_window\":\"24h\"}}";
    }

    static JsonObject awaitTerminal(Http http, String id) {
        JsonObject[] last = new JsonObject[1];
        Http.await("response " + id, Duration.ofSeconds(10), () -> {
            last[0] = http.get("/v1/responses/" + id).json();
            return !last[0].get("status").getAsString().equals("in_progress");
        });
        return last[0];
    }

    @Test
    void responseIsInProgressThenCompletesWithEchoOutputAndUsage(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        long before = System.currentTimeMillis() / 1000;
        Http.Res created = http.post("/v1/responses", "{\"model\":\"zai-org/GLM-5\",\"input\":["
                + "{\"role\":\"system\",\"content\":\"You are terse\"},"
                + "{\"role\":\"user\",\"content\":\"Hello  big\\nworld\"},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"}],\"temperature\":0.5,\"top_p\":1,"
                + "\"max_output_tokens\":64,\"instructions\":\"be nice\",\"metadata\":{\"custom_id\":\"c1\"}}");
        assertEquals(200, created.status(), created.toString());
        JsonObject r = created.json();
        assertTrue(r.get("id").getAsString().startsWith("resp_"));
        assertEquals("response", r.get("object").getAsString());
        assertEquals("in_progress", r.get("status").getAsString());
        assertEquals("zai-org/GLM-5", r.get("model").getAsString());
        assertEquals(0, r.getAsJsonArray("output").size());
        assertTrue(r.get("usage").isJsonNull());
        assertTrue(r.get("error").isJsonNull());
        long createdAt = r.get("created_at").getAsLong();
        assertTrue(createdAt >= before - 1 && createdAt <= System.currentTimeMillis() / 1000 + 1, r.toString());
        assertEquals(0.5, r.get("temperature").getAsDouble());
        assertEquals(64, r.get("max_output_tokens").getAsInt());
        assertEquals("be nice", r.get("instructions").getAsString());
        assertEquals("c1", r.getAsJsonObject("metadata").get("custom_id").getAsString());
        assertEquals("auto", r.get("tool_choice").getAsString());
        assertEquals(0, r.getAsJsonArray("tools").size());
        assertTrue(r.get("parallel_tool_calls").getAsBoolean());

        JsonObject done = awaitTerminal(http, r.get("id").getAsString());
        assertEquals("completed", done.get("status").getAsString());
        assertEquals(createdAt, done.get("created_at").getAsLong());
        JsonArray output = done.getAsJsonArray("output");
        assertEquals(1, output.size());
        JsonObject item = output.get(0).getAsJsonObject();
        assertEquals("output_text", item.get("type").getAsString());
        assertEquals("echo: Hello  big\nworld", item.get("text").getAsString());
        JsonObject usage = done.getAsJsonObject("usage");
        assertEquals(7, usage.get("input_tokens").getAsInt()); // 3 + 3 + 1 words
        assertEquals(4, usage.get("output_tokens").getAsInt());
        assertEquals(11, usage.get("total_tokens").getAsInt());
        assertEquals(0, usage.getAsJsonObject("input_tokens_details").get("cached_tokens").getAsInt());
        assertEquals(0, usage.getAsJsonObject("output_tokens_details").get("reasoning_tokens").getAsInt());
    }

    @Test
    void failModelFailsWithModelError(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        JsonObject done = awaitTerminal(http, http.post("/v1/responses", body("sference/fail", "x")).str("id"));
        assertEquals("failed", done.get("status").getAsString());
        assertEquals("model_error", done.getAsJsonObject("error").get("code").getAsString());
        assertFalse(done.getAsJsonObject("error").get("message").getAsString().isEmpty());
        assertEquals(0, done.getAsJsonArray("output").size());
        assertTrue(done.get("usage").isJsonNull());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"input\":[{\"role\":\"user\",\"content\":\"x\"}]}|body.model|missing",
        "{\"model\":\"\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}]}|body.model|string_too_short",
        "{\"model\":5,\"input\":[{\"role\":\"user\",\"content\":\"x\"}]}|body.model|string_type",
        "{\"model\":\"m\"}|body.input|missing",
        "{\"model\":\"m\",\"input\":[]}|body.input|too_short",
        "{\"model\":\"m\",\"input\":\"hello\"}|body.input|list_type",
        "{\"model\":\"m\",\"input\":[\"hello\"]}|body.input.0|model_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}|body.input.0.role|literal_error",
        "{\"model\":\"m\",\"input\":[{\"content\":\"x\"}]}|body.input.0.role|missing",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\"}]}|body.input.0.content|missing",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[]}]}|body.input.0.content|string_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":2.5}|body.temperature|less_than_equal",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":-0.1}|body.temperature|greater_than_equal",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|body.temperature|float_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":1.01}|body.top_p|less_than_equal",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_output_tokens\":0}|body.max_output_tokens|greater_than",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_output_tokens\":1.5}|body.max_output_tokens|int_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"instructions\":5}|body.instructions|string_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":[]}|body.metadata|dict_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"completion_window\":\"2h\"}}|body.metadata.completion_window|literal_error",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"stream_id\":7}}|body.metadata.stream_id|string_type",
        "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"custom_id\":true}}|body.metadata.custom_id|string_type",
        "not json|body|json_invalid",
        "[]|body|model_attributes_type",
    })
    void invalidRequestsAre422WithLocAndType(String json, String loc, String type, SferenceEmulator emulator) {
        Http http = new Http(emulator);
        int before = http.get("/v1/responses").array("data").size();
        Http.Res res = http.post("/v1/responses", json);
        assertEquals(422, res.status(), res.toString());
        List<String> found = res.array("detail").asList().stream().map(JsonElement::getAsJsonObject)
                .map(d -> d.getAsJsonArray("loc").asList().stream().map(JsonElement::getAsString)
                        .collect(Collectors.joining(".")) + "|" + d.get("type").getAsString())
                .collect(Collectors.toList());
        assertTrue(found.contains(loc + "|" + type), found.toString());
        assertTrue(res.json().getAsJsonObject("error").get("message").getAsString().contains(loc));
        assertEquals(before, http.get("/v1/responses").array("data").size());
    }

    @Test
    void unknownFieldsAndBackgroundAreAccepted(SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).post("/v1/responses", "{\"model\":\"m\",\"background\":true,\"store\":false,"
                + "\"input\":[{\"type\":\"message\",\"role\":\"developer\",\"content\":\"x\"}],\"reasoning\":null}");
        assertEquals(200, res.status(), res.toString());
    }

    @Test
    void listIsNewestFirstByCreationWithLimitAndHasMore(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String a = http.post("/v1/responses", body("m", "a")).str("id");
        String b = http.post("/v1/responses", body("m", "b")).str("id");
        String c = http.post("/v1/responses", body("m", "c")).str("id");
        Http.Res page = http.get("/v1/responses?limit=2");
        assertEquals("list", page.str("object"));
        JsonArray data = page.array("data");
        assertEquals(2, data.size());
        assertEquals(c, data.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals(b, data.get(1).getAsJsonObject().get("id").getAsString());
        assertTrue(page.json().get("has_more").getAsBoolean());
        JsonObject item = data.get(0).getAsJsonObject();
        assertEquals("response", item.get("object").getAsString());
        assertEquals("m", item.get("model").getAsString());
        assertTrue(item.get("created_at").getAsJsonPrimitive().isNumber());
        assertTrue(List.of("in_progress", "completed").contains(item.get("status").getAsString()));
        List<String> all = http.get("/v1/responses").array("data").asList().stream()
                .map(e -> e.getAsJsonObject().get("id").getAsString()).collect(Collectors.toList());
        assertEquals(List.of(c, b, a), all.subList(0, 3));
        assertFalse(http.get("/v1/responses").json().get("has_more").getAsBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=x", "limit=-1"})
    void outOfRangeLimitIs422(String query, SferenceEmulator emulator) {
        Http.Res res = new Http(emulator).get("/v1/responses?" + query);
        assertEquals(422, res.status(), res.toString());
        assertEquals("[\"query\",\"limit\"]", res.array("detail").get(0).getAsJsonObject().get("loc").toString());
    }

    @Test
    void listFiltersByStreamAndUnknownStreamIs404(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String stream = http.post("/v1/streams", "{\"name\":\"s\",\"window\":\"24h\"}").str("id");
        http.post("/v1/responses", body("m", "outside"));
        String inside = http.post("/v1/responses", "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"metadata\":{\"stream_id\":\"" + stream + "\"}}").str("id");
        JsonArray data = http.get("/v1/responses?stream_id=" + stream).array("data");
        assertEquals(1, data.size());
        assertEquals(inside, data.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals(404, http.get("/v1/responses?stream_id=nope").status());
    }

    @Test
    void deleteAndPostCancelCancelAndTerminalResponsesStayUnchanged(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String one = http.post("/v1/responses", body("m", "x")).str("id");
        Http.Res deleted = http.delete("/v1/responses/" + one);
        assertEquals(200, deleted.status());
        assertEquals("cancelled", deleted.str("status"));
        assertEquals(0, deleted.array("output").size());
        assertEquals("cancelled", http.get("/v1/responses/" + one).str("status"));
        String two = http.post("/v1/responses", body("m", "y")).str("id");
        assertEquals("cancelled", http.post("/v1/responses/" + two + "/cancel", "").str("status"));

        String three = http.post("/v1/responses", body("m", "z")).str("id");
        JsonObject done = awaitTerminal(http, three);
        assertEquals(done, http.delete("/v1/responses/" + three).json());
        assertEquals(404, http.delete("/v1/responses/nope").status());
        assertEquals(404, http.get("/v1/responses/nope").status());
        assertEquals(404, http.post("/v1/responses/nope/cancel", "").status());
    }

    @Test
    void unknownStreamIs404AndClosedStreamIs409(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String json = "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"stream_id\":\"%s\"}}";
        assertEquals(404, http.post("/v1/responses", String.format(json, "nope")).status());
        String cancelled = http.post("/v1/streams", "{\"name\":\"c\",\"window\":\"1h\"}").str("id");
        http.patch("/v1/streams/" + cancelled, "{\"status\":\"cancelled\"}");
        Http.Res res = http.post("/v1/responses", String.format(json, cancelled));
        assertEquals(409, res.status(), res.toString());
        String archived = http.post("/v1/streams", "{\"name\":\"a\",\"window\":\"1h\"}").str("id");
        http.patch("/v1/streams/" + archived, "{\"status\":\"archived\"}");
        assertEquals(409, http.post("/v1/responses", String.format(json, archived)).status());
    }

    @Test
    void openAiClientsGetNestedMessageItemsAndOthersFlatOnes(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String id = http.post("/v1/responses", body("m", "hi there")).str("id");
        awaitTerminal(http, id);
        JsonObject flat = http.get("/v1/responses/" + id).array("output").get(0).getAsJsonObject();
        assertEquals("output_text", flat.get("type").getAsString());
        assertEquals("echo: hi there", flat.get("text").getAsString());
        for (String[] header : new String[][] {{"User-Agent", "OpenAI/Java 4.101.0"}, {"X-Stainless-Lang", "python"}}) {
            Http.Res res = http.send(http.request("/v1/responses/" + id).header(header[0], header[1]).GET());
            JsonObject message = res.array("output").get(0).getAsJsonObject();
            assertEquals("message", message.get("type").getAsString());
            assertEquals("assistant", message.get("role").getAsString());
            assertEquals("completed", message.get("status").getAsString());
            assertTrue(message.get("id").getAsString().startsWith("msg_"));
            JsonObject part = message.getAsJsonArray("content").get(0).getAsJsonObject();
            assertEquals("output_text", part.get("type").getAsString());
            assertEquals("echo: hi there", part.get("text").getAsString());
            assertEquals(0, part.getAsJsonArray("annotations").size());
        }
    }

    @Test
    void outputFormCanBeForced() {
        for (OutputForm form : new OutputForm[] {OutputForm.FLAT, OutputForm.MESSAGE}) {
            try (SferenceEmulator emulator = SferenceEmulator.start(EmulatorOptions.builder()
                    .stepDelay(Duration.ZERO).outputForm(form).build())) {
                Http http = new Http(emulator);
                HttpRequest.Builder b = http.request("/v1/responses").header("User-Agent", "OpenAI/Python 2.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body("m", "x")));
                String type = http.send(b).array("output").get(0).getAsJsonObject().get("type").getAsString();
                assertEquals(form == OutputForm.FLAT ? "output_text" : "message", type);
            }
        }
    }

    @Test
    void withZeroStepDelayJobsAreFinishedWhenCreated() {
        try (SferenceEmulator emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ZERO).build())) {
            Http http = new Http(emulator);
            Http.Res res = http.post("/v1/responses", body("m", "now"));
            assertEquals("completed", res.str("status"));
            assertEquals("echo: now", res.array("output").get(0).getAsJsonObject().get("text").getAsString());
            Http.Res batch = http.post("/v1/batches", BatchesTest.batch(BatchesTest.request("a", "m", "x")));
            assertEquals("completed", batch.str("status"));
        }
    }
}
