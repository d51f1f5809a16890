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
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlWorkloadTest {
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

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
        assertEquals("model \"m\" is ignored for 3 OpenAI batch line(s) of " + file + ", which name another model",
                records.get(0).getMessage());
    }

    @Test
    void warnsOnlyAboutTheLinesThatNameAnotherModel() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"m\"}}\n{\"content\":\"c\"}\n"
                + "{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n");
        List<LogRecord> records = new ArrayList<>();

        JsonlWorkload workload = capturingLogs(records, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(2, workload.ignoredModelLines());
        assertEquals(1, records.size());
        assertEquals("model \"m\" is ignored for 1 OpenAI batch line(s) of " + file + ", which name another model",
                records.get(0).getMessage());
    }

    @Test
    void doesNotWarnWhenEveryBatchLineNamesTheCallersModel() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"Qwen\\/Qwen2.5\"}}\n{\"content\":\"c\"}\n"
                + "{" + CHAT + ",\"body\":{\"model\":\"Qwen/Qwen2.5\"}}\n");
        List<LogRecord> records = new ArrayList<>();

        JsonlWorkload workload = capturingLogs(records, () -> JsonlWorkload.scan(file, "Qwen/Qwen2.5"));

        assertEquals(2, workload.ignoredModelLines());
        assertEquals(List.of(), records);
    }

    @Test
    void warnsOnOneLineWhateverTheModelHolds() throws IOException {
        Path file = write("{" + CHAT + ",\"body\":{\"model\":\"q\"}}\n");
        List<LogRecord> records = new ArrayList<>();

        capturingLogs(records, () -> JsonlWorkload.scan(file, "two\nlines \"quoted\""));

        assertEquals("model \"two\\nlines \\\"quoted\\\"\" is ignored for 1 OpenAI batch line(s) of " + file
                + ", which name another model", records.get(0).getMessage());
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
        assertEquals(file + ":4: malformed JSON: unterminated string starting at column 12 (at $.content)", e.getMessage());
    }

    @Test
    void acceptsAByteOrderMarkAtTheVeryStartOfTheFile() throws IOException {
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, concat(BOM, "{\"content\":\"a\"}\r\n{\"content\":\"\ufeffb\"}\n".getBytes(StandardCharsets.UTF_8)));

        List<InferenceRequest> requests = JsonlWorkload.parse(file, "m");

        assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", requests.get(0).body().json());
        assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\ufeffb\"}]}",
                requests.get(1).body().json(), "one inside a string is content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void refusesAByteOrderMarkAtTheStartOfAnyOtherLine(String terminator) throws IOException {
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, concat(BOM, ("{\"content\":\"a\"}" + terminator + " " + terminator + "\ufeff{\"content\":\"b\"}"
                + terminator).getBytes(StandardCharsets.UTF_8)));

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(file + ":3: malformed JSON: unexpected byte order mark (U+FEFF) at column 1 (at $);"
                + " a byte order mark is allowed only at the very start of the file", e.getMessage());
    }

    @Test
    void refusesASecondByteOrderMarkAtTheStartOfTheFile() throws IOException {
        Path file = dir.resolve("bom.jsonl");
        Files.write(file, concat(BOM, BOM, "{\"content\":\"a\"}".getBytes(StandardCharsets.UTF_8)));

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

        assertEquals(1, e.line());
        assertTrue(e.reason().startsWith("malformed JSON: unexpected byte order mark (U+FEFF) at column 1 (at $)"), e.reason());
    }

    @Test
    void refusesADuplicateKeyNamingTheLineTheKeyAndItsPath() throws IOException {
        Path file = write("{\"content\":\"a\"}\n{\"custom_id\":\"x\"," + CHAT
                + ",\"body\":{\"model\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":\"b\",\"content\":\"c\"}]}}\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));
        JsonlException fromParse = assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, "m"));

        assertEquals(file + ":2: duplicate key \"content\" at column 154 (at $.body.messages[1].content)", e.getMessage());
        assertEquals(e.getMessage(), fromParse.getMessage());
    }

    @Test
    void refusesALineLongerThanTheMaximumGivenNamingItsLine() throws IOException {
        String line = "{\"content\":\"" + "x".repeat(86) + "\"}";
        assertEquals(100, line.length());
        Path file = write(line + "\n" + line.replace("x\"", "xx\"") + "\n");

        JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m", 100));

        assertEquals(file + ":2: the line is longer than the maximum of 100 bytes (maxJsonlLineBytes)", e.getMessage());
        assertEquals(e.getMessage(), assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, "m", 100)).getMessage());
        assertEquals(2, JsonlWorkload.scan(file, "m", 101).requestCount());
    }

    @Test
    void streamsWithTheMaximumItWasScannedWith() throws IOException {
        Path file = write("{\"content\":\"" + "x".repeat(20_000) + "\"}\n{\"content\":\"y\"}\n");

        JsonlWorkload workload = JsonlWorkload.scan(file, "m", 20_014);

        assertEquals(workload.contentLength(), drain(workload.body()).length);
        assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m", 20_013));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, (1L << 30) + 1})
    void refusesAMaximumLineLengthOutOfRange(long maxLineBytes) throws IOException {
        Path file = write("{\"content\":\"a\"}\n");

        assertThrows(IllegalArgumentException.class, () -> JsonlWorkload.scan(file, "m", maxLineBytes));
        assertThrows(IllegalArgumentException.class, () -> JsonlWorkload.parse(file, "m", maxLineBytes));
    }

    @Test
    void defaultsToSixteenMebibyteLines() {
        assertEquals(16 * 1024 * 1024, JsonlWorkload.DEFAULT_MAX_LINE_BYTES);
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
    void batchBodyOfAListRejectsADuplicateKeyInABody() {
        InferenceRequest request = new InferenceRequest("a", new JsonText("{\"model\":\"m\",\"n\":{\"x\":1,\"x\":2}}"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonlWorkload.batchBody(List.of(InferenceRequest.chat("ok", "m", "x"), request)));

        assertEquals("requests[1]: the body is not strict JSON: duplicate key \"x\" at column 25 (at $.n.x)", e.getMessage());
    }

    @Test
    void batchBodyOfAListCompactsAPrettyPrintedBody() throws IOException {
        RequestBody body = JsonlWorkload.batchBody(List.of(new InferenceRequest("a",
                new JsonText("{\n  \"model\": \"m\",\r\n  \"t\": [1.50, \"\\u00e9\"]\n}\n"))));

        assertEquals("{\"window\":\"24h\",\"requests\":[{\"custom_id\":\"a\",\"body\":{\"model\":\"m\",\"t\":[1.50,\"\u00e9\"]}}]}",
                new String(drain(body), StandardCharsets.UTF_8));
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

    // ---------------------------------------------------------------- lines up to the maximum in a small heap

    /** Canonical JSON string content, so that the body holds it byte for byte. */
    private static final byte[] PIECE = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \\\"quoted\\\" tab\\t line\\n /slash\u2028 \u007f "
            .getBytes(StandardCharsets.UTF_8);
    private static final int MAX = (int) JsonlWorkload.DEFAULT_MAX_LINE_BYTES;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void validatesAndStreamsLinesOfTheMaximumLengthIn64MegabytesOfHeap() throws Exception {
        Path file = dir.resolve("long-lines.jsonl");
        Generated body = new Generated();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            String chatHead = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"";
            body.add(BatchBodyStream.PREFIX + "{\"custom_id\":\"request-1\",\"body\":" + chatHead + "hello\"}]}},");
            out.write(ascii("{\"content\":\"hello\"}\n"));

            body.add("{\"custom_id\":\"request-2\",\"body\":" + chatHead);
            out.write(ascii("{\"content\":\""));
            text(out, body, MAX - 14);
            out.write(ascii("\"}\r\n"));
            body.add("\"}]}},");

            String envelopeHead = "{\"custom_id\":\"big\"," + CHAT + ",\"body\":{\"model\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"";
            String envelopeTail = "\"}]}}";
            body.add("{\"custom_id\":\"big\",\"body\":{\"model\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"");
            out.write(ascii(envelopeHead));
            text(out, body, MAX - envelopeHead.length() - envelopeTail.length());
            out.write(ascii(envelopeTail + "\n"));
            body.add("\"}]}},");

            out.write(ascii("{\"content\":\"bye\"}"));
            body.add("{\"custom_id\":\"request-4\",\"body\":" + chatHead + "bye\"}]}}" + BatchBodyStream.SUFFIX);
        }
        assertEquals(2L * MAX + 40, Files.size(file), "two lines of exactly the maximum");

        String output = runInSmallHeap(file, 0);

        Matcher drained = Pattern.compile("drained (\\d+) of (\\d+) .*, sha256 ([0-9a-f]+)").matcher(output);
        assertTrue(drained.find(), output);
        assertEquals(body.length, Long.parseLong(drained.group(1)), output);
        assertEquals(body.length, Long.parseLong(drained.group(2)), output);
        assertEquals(HexFormat.of().formatHex(body.sha256.digest()), drained.group(3), output);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void validatesAndStreamsALineOfOneObjectWithAMillionKeysIn64MegabytesOfHeap() throws Exception {
        Path file = dir.resolve("many-keys.jsonl");
        Generated body = new Generated();
        long keys = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            String head = "{\"custom_id\":\"k\"," + CHAT + ",\"body\":{\"model\":\"q\"";
            out.write(ascii(head));
            body.add(BatchBodyStream.PREFIX + "{\"custom_id\":\"k\",\"body\":{\"model\":\"q\"");
            long size = head.length() + 2;
            for (byte[] member; size + (member = ascii(",\"" + Long.toHexString(keys) + "\":" + keys % 10)).length <= MAX; keys++) {
                out.write(member);
                body.add(member);
                size += member.length;
            }
            out.write(ascii("}}\n"));
            body.add("}}" + BatchBodyStream.SUFFIX);
        }
        assertTrue(keys > 1_500_000, "keys: " + keys);

        String output = runInSmallHeap(file, 0);

        Matcher drained = Pattern.compile("drained (\\d+) of (\\d+) .*, sha256 ([0-9a-f]+)").matcher(output);
        assertTrue(drained.find(), output);
        assertEquals(body.length, Long.parseLong(drained.group(1)), output);
        assertEquals(HexFormat.of().formatHex(body.sha256.digest()), drained.group(3), output);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void refusesA20MegabyteLineIn64MegabytesOfHeapNamingItsLine() throws Exception {
        Path file = dir.resolve("too-long.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(ascii("{\"content\":\"a\"}\n\n{\"content\":\""));
            text(out, new Generated(), 20_000_000);
            out.write(ascii("\"}\n{\"content\":\"b\"}\n"));
        }

        String output = runInSmallHeap(file, 2);

        assertTrue(output.startsWith("refused: " + file + ":3: the line is longer than the maximum of 16777216 bytes"
                + " (maxJsonlLineBytes)"), output);
    }

    /** Runs {@link DrainBatchBody} on {@code file} in a child JVM with a 64 MiB heap; {@return its output} */
    private static String runInSmallHeap(Path file, int exitCode) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), DrainBatchBody.class.getName(), file.toString(), "m")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(exitCode, child.exitValue(), output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        return output;
    }

    /** Writes {@code length} bytes of string content to {@code out} and to {@code body}. */
    private static void text(OutputStream out, Generated body, long length) throws IOException {
        long left = length;
        while (left >= PIECE.length) {
            out.write(PIECE);
            body.add(PIECE);
            left -= PIECE.length;
        }
        byte[] pad = ascii("x".repeat((int) left));
        out.write(pad);
        body.add(pad);
    }

    /** The batch body a generated file must make: its length and digest. */
    private static final class Generated {
        final MessageDigest sha256;
        long length;

        Generated() throws IOException {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        }

        void add(String text) {
            add(text.getBytes(StandardCharsets.UTF_8));
        }

        void add(byte[] bytes) {
            sha256.update(bytes);
            length += bytes.length;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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

    private static byte[] concat(byte[]... parts) {
        return JsonlLineReaderTest.concat(parts);
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
