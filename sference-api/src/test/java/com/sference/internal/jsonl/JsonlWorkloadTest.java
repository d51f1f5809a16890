package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sference.JsonlException;
import com.sference.model.InferenceRequest;
import com.sference.model.JsonText;
import com.sference.transport.RequestBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlWorkloadTest {
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";

    @TempDir
    Path dir;

    @Test
    void turnsContentLinesIntoChatRequestsForTheCallersModel() throws IOException {
        Path file = write("{\"content\":\"Hi\"}\n{\"content\":\"Yo\",\"custom_id\":\"a\"}\n");

        List<InferenceRequest> requests = JsonlWorkload.parse(file, "m");

        assertEquals(List.of(
                new InferenceRequest("request-1", new JsonText("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")),
                new InferenceRequest("a", new JsonText("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Yo\"}]}"))),
                requests);
    }

    @Test
    void keepsOpenAiBatchLinesWithTheirOwnModel() throws IOException {
        Path file = write("{\"custom_id\":\"x\"," + CHAT
                + ",\"body\":{\"model\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}}\n");

        List<InferenceRequest> requests = JsonlWorkload.parse(file, null);

        assertEquals(1, requests.size());
        assertEquals("x", requests.get(0).customId());
        assertEquals("q", requests.get(0).model());
        assertEquals("{\"model\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}",
                requests.get(0).body().json());
    }

    @Test
    void numbersContentLinesByPhysicalLineCountingBlankOnes() throws IOException {
        Path file = write("\n  \n{\"content\":\"a\"}\r\n\t\n{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n"
                + "{\"content\":\"b\",\"custom_id\":\"\"}\n{\"content\":\"c\",\"custom_id\":null}\n\n");

        List<InferenceRequest> requests = JsonlWorkload.parse(file, "m");

        List<String> ids = new ArrayList<>();
        requests.forEach(request -> ids.add(request.customId()));
        assertEquals(java.util.Arrays.asList("request-3", null, "request-6", "request-7"), ids);
    }

    @Test
    void generatesTheExactBatchBody() throws IOException {
        Path file = write("{\"content\":\"Hi \\\"you\\\" \u00e9\ud83d\ude00\"}\n{" + CHAT + ",\"body\":{\"model\":\"q\",\"n\":1}}\n");

        byte[] body = drain(JsonlWorkload.batchBody(file, "m"));

        assertEquals("{\"window\":\"24h\",\"requests\":["
                + "{\"custom_id\":\"request-1\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi \\\"you\\\" \u00e9\ud83d\ude00\"}]}},"
                + "{\"custom_id\":null,\"body\":{\"model\":\"q\",\"n\":1}}]}",
                new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void preservesNumbersAndUnicodeOfBatchBodiesByteForByte() throws IOException {
        String requestBody = "{\"model\":\"q\",\"a\":1,\"b\":1.0,\"c\":-0,\"d\":1E+5,\"e\":2.5e-7,"
                + "\"f\":123456789012345678901234567890,\"g\":0.10000000000000000000001,\"h\":[true,false,null],"
                + "\"s\":\"caf\u00e9 \u4e2d \ud834\udd1e \\\" \\\\ / \\n\\t\\u0001\\u001f \u2028 \u007f\"}";
        Path file = write("{\"custom_id\":\"k\"," + CHAT + ",\"body\":" + requestBody + "}\n");

        String body = new String(drain(JsonlWorkload.batchBody(file, null)), StandardCharsets.UTF_8);

        assertEquals("{\"window\":\"24h\",\"requests\":[{\"custom_id\":\"k\",\"body\":" + requestBody + "}]}", body);
    }

    @Test
    void compactsWhitespaceAndResolvesEscapesOfBatchBodies() throws IOException {
        Path file = write("{ \"body\" : { \"model\" : \"q\" , \"s\" : \"\\u00e9\\/\\ud83d\\ude00\" } , " + CHAT + " }\n");

        String body = new String(drain(JsonlWorkload.batchBody(file, null)), StandardCharsets.UTF_8);

        assertEquals("{\"window\":\"24h\",\"requests\":[{\"custom_id\":null,\"body\":{\"model\":\"q\",\"s\":\"\u00e9/\ud83d\ude00\"}}]}",
                body);
    }

    @Test
    void bodyIsReplayableJsonOfKnownLength() throws IOException {
        Path file = write("{\"content\":\"one\"}\n{\"content\":\"two\"}\n");

        JsonlWorkload workload = JsonlWorkload.scan(file, "m");
        RequestBody body = workload.body();
        byte[] first = drain(body);
        byte[] second = drain(body);

        assertEquals(RequestBody.JSON, body.contentType());
        assertTrue(body.isReplayable());
        assertEquals(OptionalLong.of(first.length), body.contentLength());
        assertEquals(first.length, workload.contentLength());
        assertEquals(2, workload.requestCount());
        assertArrayEquals(first, second);
    }

    @Test
    void warnsOnceWhenTheCallersModelIsIgnored() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n{\"content\":\"c\"}\n"
                + "{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n{" + CHAT + ",\"body\":{\"model\":\"r\"}}\n");
        List<LogRecord> records = new ArrayList<>();

        JsonlWorkload workload = capturingLogs(records, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(3, workload.ignoredModelLines());
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("model m is ignored for 3 OpenAI batch line(s) of " + file + ", which name their own model",
                records.get(0).getMessage());
    }

    @Test
    void doesNotWarnWithoutACallerModel() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n");
        List<LogRecord> records = new ArrayList<>();

        JsonlWorkload workload = capturingLogs(records, () -> JsonlWorkload.scan(file, null));

        assertEquals(0, workload.ignoredModelLines());
        assertEquals(List.of(), records);
    }

    @Test
    void treatsAnEmptyCallerModelAsNone() throws IOException {
        Path file = write("{\"content\":\"c\"}\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, ""));

        assertEquals(1, e.line());
    }

    @Test
    void reportsMalformedJsonAtItsFileLine() throws IOException {
        Path file = write("{\"content\":\"a\"}\n\n\n{\"content\":\"unterminated}\n{\"content\":\"b\"}\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(file, e.path());
        assertEquals(4, e.line());
        assertEquals(file + ":4: malformed JSON: Unterminated string at column 26 (at $.content)", e.getMessage());
        assertFalse(e.getMessage().contains("line 1"), e.getMessage());
        assertTrue(e.getCause() instanceof com.google.gson.JsonParseException, String.valueOf(e.getCause()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "true"})
    void reportsALineThatIsNotAnObjectAtItsLine(String line) throws IOException {
        Path file = write("{\"content\":\"a\"}\n" + line + "\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(file + ":2: expected a JSON object, found "), e.getMessage());
    }

    @Test
    void reportsAnUnsupportedShapeAtItsLine() throws IOException {
        Path file = write("\n{\"prompt\":\"a\"}\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(2, e.line());
        assertTrue(e.reason().startsWith("unsupported line"), e.reason());
    }

    @Test
    void reportsABatchLineWithoutBodyModelAtItsLine() throws IOException {
        Path file = write("{\"content\":\"a\"}\r\n{" + CHAT + ",\"body\":{\"model\":\"\"}}\r\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(file + ":2: \"body.model\" must be a non-empty string, found \"\"", e.getMessage());
    }

    @Test
    void reportsAContentLineWithoutCallerModelAtItsLine() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n\n{\"content\":\"a\"}\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, null));

        assertEquals(file + ":3: a content line needs a model, and none was given", e.getMessage());
    }

    @Test
    void reportsInvalidUtf8AtTheLineOfTheBadBytes() throws IOException {
        byte[] bad = {'{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xc3, '(', '"', '}', '\n'};
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, concat("{\"content\":\"\u00e9\"}\n\n".getBytes(StandardCharsets.UTF_8), bad));

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(file + ":3: invalid UTF-8 at byte offset 12 of the line (0xC3)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "  \n\t\r\n \r"})
    void reportsAWorkloadWithoutRequestsAsNoRequests(String content) throws IOException {
        Path file = write(content);

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));
        JsonlException fromParse = assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, "m"));

        assertEquals(0, e.line());
        assertEquals(file + ": no requests", e.getMessage());
        assertEquals(e.getMessage(), fromParse.getMessage());
    }

    @Test
    void reportsAMissingFileAsUnreadable() {
        Path file = dir.resolve("missing.jsonl");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.batchBody(file, "m"));

        assertEquals(0, e.line());
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertTrue(e.getMessage().startsWith(file + ": cannot read the file: "), e.getMessage());
    }

    @Test
    void reportsADirectoryAsUnreadable() {
        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.parse(dir, "m"));

        assertEquals(dir, e.path());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void batchBodyOfAListMatchesTheBodyOfTheFile() throws IOException {
        Path file = write("{\"content\":\"x\\u0000y\"}\n{\"custom_id\":\"b\"," + CHAT + ",\"body\":{\"model\":\"q\",\"t\":0.50}}\n");

        byte[] fromList = drain(JsonlWorkload.batchBody(JsonlWorkload.parse(file, "m")));

        assertArrayEquals(drain(JsonlWorkload.batchBody(file, "m")), fromList);
    }

    @Test
    void batchBodyOfAListWritesAbsentCustomIdAsNull() throws IOException {
        RequestBody body = JsonlWorkload.batchBody(List.of(new InferenceRequest(null, new JsonText("{ \"model\" : \"m\" }"))));

        assertEquals("{\"window\":\"24h\",\"requests\":[{\"custom_id\":null,\"body\":{\"model\":\"m\"}}]}",
                new String(drain(body), StandardCharsets.UTF_8));
        assertEquals(OptionalLong.of(drain(body).length), body.contentLength());
    }

    @Test
    void batchBodyOfAListEscapesAnUnpairedSurrogateInACustomId() throws IOException {
        RequestBody body = JsonlWorkload.batchBody(List.of(InferenceRequest.chat("id\ud800", "m", "x")));

        String json = new String(drain(body), StandardCharsets.UTF_8);

        assertTrue(json.startsWith("{\"window\":\"24h\",\"requests\":[{\"custom_id\":\"id\\ud800\",\"body\":"), json);
        JsonObject request = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("requests").get(0).getAsJsonObject();
        assertEquals("id\ud800", request.get("custom_id").getAsString());
    }

    @Test
    void batchBodyOfAListRejectsAnUnpairedSurrogateInABody() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonlWorkload.batchBody(List.of(InferenceRequest.chat("a", "m", "x\udc00"))));

        assertTrue(e.getMessage().contains("Unpaired surrogate"), e.getMessage());
    }

    @Test
    void batchBodyOfAnEmptyListIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JsonlWorkload.batchBody(List.of()));
    }

    @Test
    void describesItselfByFileRequestCountAndLength() throws IOException {
        Path file = write("{\"content\":\"a\"}\n");

        JsonlWorkload workload = JsonlWorkload.scan(file, "m");

        assertEquals(file, workload.file());
        assertEquals("JsonlWorkload[" + file + ", 1 requests, " + workload.contentLength() + " bytes]", workload.toString());
    }

    // ---------------------------------------------------------------- helpers

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "workload", ".jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static byte[] drain(RequestBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = body.openStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private interface Action<T> {
        T run() throws IOException;
    }

    private static <T> T capturingLogs(List<LogRecord> records, Action<T> action) throws IOException {
        Logger logger = Logger.getLogger("com.sference");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParent = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            return action.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParent);
        }
    }
}
