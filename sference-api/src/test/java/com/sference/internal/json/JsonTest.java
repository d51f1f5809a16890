package com.sference.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.sference.SferenceException;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.BatchStatus;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.InputMessage;
import com.sference.model.LoginResponse;
import com.sference.model.Response;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.StreamStatus;
import com.sference.model.Window;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String BATCH = "{\"id\":\"b_1\",\"status\":\"running\",\"window\":\"24h\",\"request_count\":3,"
            + "\"created_at\":\"2026-11-24T20:13:00.123456+00:00\",\"updated_at\":\"2026-11-24T20:13:01Z\","
            + "\"completed_at\":null,\"total_prompt_tokens\":7,\"total_completion_tokens\":5,\"total_tokens\":12}";

    @Test
    void readsSnakeCaseFieldsIntoRecords() {
        Batch batch = Json.read(BATCH, Batch.class);
        assertEquals("b_1", batch.id());
        assertEquals(BatchStatus.RUNNING, batch.status());
        assertEquals(3, batch.requestCount());
        assertEquals(OffsetDateTime.parse("2026-11-24T20:13:00.123456Z"), batch.createdAt());
        assertNull(batch.completedAt());
        assertEquals(12, batch.totalTokens());
        assertTrue(batch.unknownFields().isEmpty());
        assertFalse(batch.isTerminal());
    }

    @Test
    void keepsUnknownFieldsReachableAsRawJson() {
        Batch batch = Json.read(BATCH.replace("}", ",\"priority\":{\"level\":2},\"note\":\"é\"}"), Batch.class);
        assertEquals("{\"level\":2}", batch.unknownFields().raw("priority").orElseThrow());
        assertEquals("é", batch.unknownFields().string("note").orElseThrow());
    }

    @Test
    void keepsAnUnknownStatusAsUnknownWithItsText() {
        Batch batch = Json.read(BATCH.replace("\"running\"", "\"paused_for_maintenance\""), Batch.class);
        assertEquals(BatchStatus.UNKNOWN, batch.status());
        assertEquals("paused_for_maintenance", batch.statusText());
        assertFalse(batch.isTerminal());
    }

    @Test
    void missingCountersDefaultToZero() {
        Stream stream = Json.read("{\"id\":\"s_1\",\"name\":\"n\",\"window\":\"1h\",\"status\":\"open\","
                + "\"created_at\":\"2026-11-24T20:13:00+00:00\",\"updated_at\":\"2026-11-24T20:13:00+00:00\"}", Stream.class);
        assertEquals(StreamStatus.OPEN, stream.status());
        assertEquals(0, stream.totalItems());
        assertEquals(0.0, stream.completionRatio());
        assertNull(stream.latestCompletionId());
    }

    @Test
    void readsBothOutputFormsAndJoinsTheirText() {
        Response flat = Json.read("{\"id\":\"r\",\"object\":\"response\",\"created_at\":1764000000,\"model\":\"m\","
                + "\"status\":\"completed\",\"output\":[{\"type\":\"output_text\",\"text\":\"Hello \"},"
                + "{\"type\":\"output_text\",\"text\":\"world\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}",
                Response.class);
        Response nested = Json.read("{\"id\":\"r\",\"object\":\"response\",\"created_at\":1764000000,\"model\":\"m\","
                + "\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"Hello \",\"annotations\":[]},{\"type\":\"output_text\",\"text\":\"world\"}]}]}",
                Response.class);
        assertEquals("Hello world", flat.outputText());
        assertEquals("Hello world", nested.outputText());
        assertEquals(3, flat.usage().totalTokens());
        assertEquals(1764000000L, flat.createdAt());
        assertEquals(ResponseStatus.COMPLETED, nested.status());
    }

    @Test
    void inProgressResponseHasEmptyOutput() {
        Response response = Json.read("{\"id\":\"r\",\"created_at\":1,\"model\":\"m\",\"status\":\"in_progress\",\"output\":null}",
                Response.class);
        assertEquals("", response.outputText());
        assertTrue(response.output().isEmpty());
    }

    @Test
    void readsEventsWithTheirFinishedResponse() {
        EventPage page = Json.read("{\"object\":\"list\",\"has_more\":true,\"data\":[{\"completion_id\":\"r_1\","
                + "\"custom_id\":\"c\",\"status\":\"completed\",\"result\":{\"id\":\"r_1\",\"created_at\":1,\"model\":\"m\","
                + "\"status\":\"completed\",\"output\":[{\"type\":\"output_text\",\"text\":\"hi\"}]},\"error\":null,"
                + "\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2,\"completed_at\":\"2026-11-24T20:13:00Z\"}]}",
                EventPage.class);
        assertTrue(page.hasMore());
        assertEquals("hi", page.data().get(0).result().outputText());
        assertEquals(2L, page.data().get(0).totalTokens());
    }

    @Test
    void keepsAChatCompletionResultAsJsonTextWithItsMessage() {
        BatchResults results = Json.read("{\"batch_id\":\"b\",\"status\":\"completed\",\"output_url\":\"http://x/r.jsonl\","
                + "\"results\":[{\"custom_id\":\"a\",\"status\":\"completed\",\"result\":{\"choices\":[{\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"echo: ü\"}}],\"created\":1},\"prompt_tokens\":1}]}", BatchResults.class);
        assertTrue(results.isReady());
        assertEquals("echo: ü", results.results().get(0).text().orElseThrow());
        assertEquals(1, JsonParser.parseString(results.results().get(0).result().json())
                .getAsJsonObject().get("created").getAsInt());
    }

    @Test
    void loginUserIdMayBeANumber() {
        LoginResponse login = Json.read("{\"access_token\":\"tok_secret\",\"token_type\":\"bearer\","
                + "\"user\":{\"id\":42,\"username\":\"ada\"}}", LoginResponse.class);
        assertEquals("42", login.user().id());
        assertFalse(login.toString().contains("tok_secret"));
    }

    @Test
    void writesCreateResponseRequestInSnakeCaseLeavingUnsetFieldsOut() {
        CreateResponseRequest request = CreateResponseRequest.builder("m")
                .input(InputMessage.user("Hi"))
                .maxOutputTokens(16)
                .topP(0.5)
                .streamId("s_1")
                .completionWindow(Window.ONE_HOUR)
                .build();
        assertEquals("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_output_tokens\":16,"
                + "\"top_p\":0.5,\"metadata\":{\"stream_id\":\"s_1\",\"completion_window\":\"1h\"}}", Json.write(request));
    }

    @Test
    void malformedServerJsonIsASferenceException() {
        SferenceException thrown = assertThrows(SferenceException.class, () -> Json.read("{\"id\":", Batch.class));
        assertTrue(thrown.getMessage().startsWith("unexpected JSON"), thrown.getMessage());
        assertThrows(SferenceException.class, () -> Json.read("{\"status\":\"running\"}", Batch.class),
                "a batch without id");
    }
}
