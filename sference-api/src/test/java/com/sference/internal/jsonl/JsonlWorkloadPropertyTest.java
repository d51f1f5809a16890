package com.sference.internal.jsonl;

import static com.sference.internal.jsonl.TestWorkloads.assertSameJson;
import static com.sference.internal.jsonl.TestWorkloads.canonicalString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.sference.JsonlException;
import com.sference.internal.jsonl.TestWorkloads.BatchLine;
import com.sference.internal.jsonl.TestWorkloads.ContentLine;
import com.sference.internal.jsonl.TestWorkloads.Expected;
import com.sference.internal.jsonl.TestWorkloads.IdKind;
import com.sference.internal.jsonl.TestWorkloads.Line;
import com.sference.internal.jsonl.TestWorkloads.Physical;
import com.sference.internal.jsonl.TestWorkloads.Raw;
import com.sference.internal.jsonl.TestWorkloads.Workload;
import com.sference.model.InferenceRequest;
import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of workload files and their batch bodies over generated workloads. The seed is
 * random; QuickTheories prints it on failure, and {@code -DQT_SEED=...} replays it.
 */
class JsonlWorkloadPropertyTest {
    @TempDir
    Path dir;

    private int files;

    @Test
    void bodyOfAnyWorkloadHoldsExactlyItsRequestsInOrder() {
        Gen<Optional<String>> callerModels = TestWorkloads.texts(6).map(text -> "caller-" + text).toOptionals(15);
        qt().withExamples(300).forAll(TestWorkloads.workloads(25), callerModels).checkAssert((workload, callerModel) -> {
            String model = callerModel.orElse(null);
            Path file = write(TestWorkloads.render(workload, false));
            List<Expected> expected = TestWorkloads.expected(workload, model);
            long firstContentLine = TestWorkloads.firstContentLine(workload);

            if (model == null && firstContentLine > 0) {
                JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, null));
                assertEquals(firstContentLine, e.line());
                return;
            }
            if (expected.isEmpty()) {
                JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, model));
                assertEquals(file + ": no requests", e.getMessage());
                return;
            }
            JsonlWorkload scanned = JsonlWorkload.scan(file, model);
            byte[] body = drain(scanned.body());

            assertEquals(scanned.contentLength(), body.length);
            assertEquals(expected.size(), scanned.requestCount());
            assertEquals(model == null ? 0 : TestWorkloads.batchLineCount(workload), scanned.ignoredModelLines());
            JsonObject parsed = parseStrictly(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(List.of("window", "requests"), new ArrayList<>(parsed.keySet()));
            assertEquals("24h", parsed.get("window").getAsString());
            JsonArray requests = parsed.getAsJsonArray("requests");
            assertEquals(expected.size(), requests.size());
            for (int i = 0; i < expected.size(); i++) {
                JsonObject request = requests.get(i).getAsJsonObject();
                assertEquals(List.of("custom_id", "body"), new ArrayList<>(request.keySet()));
                JsonElement customId = request.get("custom_id");
                assertEquals(expected.get(i).customId(), customId.isJsonNull() ? null : customId.getAsString(), "custom_id " + i);
                assertSameJson(expected.get(i).body(), request.get("body"), "requests[" + i + "].body");
            }
            assertArrayEquals(body, drain(scanned.body()), "a second openStream() gives the same bytes");

            List<InferenceRequest> list = JsonlWorkload.parse(file, model);
            assertEquals(expected.size(), list.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).customId(), list.get(i).customId());
                assertSameJson(expected.get(i).body(), JsonParser.parseString(list.get(i).body().json()), "parse()[" + i + "]");
            }
            assertArrayEquals(body, drain(JsonlWorkload.batchBody(list)), "batchBody(list) gives the file's bytes");
        });
    }

    @Test
    void canonicalBatchLinesPassThroughByteForByte() {
        qt().withExamples(200).forAll(lists().of(TestWorkloads.batchLines()).ofSizeBetween(1, 10)).checkAssert(lines -> {
            StringBuilder file = new StringBuilder();
            StringBuilder expected = new StringBuilder("{\"window\":\"24h\",\"requests\":[");
            for (int i = 0; i < lines.size(); i++) {
                BatchLine line = (BatchLine) lines.get(i);
                StringBuilder bodyText = new StringBuilder();
                TestWorkloads.writeJson(bodyText, line.body(), null);
                String id = line.id().kind() == IdKind.VALUE ? canonicalString(line.id().value()) : "null";
                file.append("{\"custom_id\":").append(id).append(",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
                        .append(bodyText).append("}\n");
                expected.append(i == 0 ? "" : ",").append("{\"custom_id\":").append(id).append(",\"body\":").append(bodyText).append('}');
            }
            expected.append("]}");
            Path path = write(file.toString().getBytes(StandardCharsets.UTF_8));

            byte[] body = drain(JsonlWorkload.batchBody(path, null));

            assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), body);
        });
    }

    /** Ways to spoil one line. */
    enum Corruption { TRUNCATED, NOT_AN_OBJECT, WRONG_SHAPE, BAD_UTF8 }

    private static final List<String> NOT_OBJECTS = List.of("[1,2]", "[]", "\"text\"", "42", "-1.5e3", "null", "true");
    private static final List<String> WRONG_SHAPES = List.of(
            "{}",
            "{\"prompt\":\"hi\"}",
            "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}",
            "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":[]}}",
            "{\"method\":\"POST\",\"url\":\"u\",\"body\":\"{\\\"model\\\":\\\"m\\\"}\"}",
            "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":7}}",
            "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"m\"},\"custom_id\":12}",
            "{\"content\":42}",
            "{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}",
            "{\"content\":\"x\",\"custom_id\":7}",
            "{\"content\":\"x\",\"model\":\"m\"}",
            "{\"content\":\"\\ud800\"}");
    private static final List<byte[]> BAD_BYTES = List.of(
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xfe},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80});

    @Test
    void reportsAnyCorruptedLineAtItsLineInTheFile() {
        Gen<byte[]> corruptLines = Generate.enumValues(Corruption.class).zip(TestWorkloads.contentLines(),
                TestWorkloads.anyIndex(), TestWorkloads.anyIndex(), (kind, line, a, b) -> corrupt(kind, (ContentLine) line, a, b));
        qt().withExamples(300).forAll(TestWorkloads.workloads(15), TestWorkloads.anyIndex(), corruptLines)
                .checkAssert((workload, index, corrupt) -> {
                    int at = index % (workload.lines().size() + 1);
                    Workload spoiled = workload.withLineAt(at, new Raw(corrupt));
                    Path file = write(TestWorkloads.render(spoiled, false));

                    JsonlException scanned = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));
                    JsonlException parsed = assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, "m"));

                    assertEquals(at + 1, scanned.line(), scanned::getMessage);
                    assertEquals(file, scanned.path());
                    assertTrue(scanned.getMessage().startsWith(file + ":" + (at + 1) + ": "), scanned.getMessage());
                    assertEquals(scanned.getMessage(), parsed.getMessage());
                });
    }

    private static byte[] corrupt(Corruption kind, ContentLine base, int a, int b) {
        switch (kind) {
            case TRUNCATED: {
                String line = new String(TestWorkloads.renderLine(base, new Random(a)), StandardCharsets.UTF_8);
                // Any proper prefix of an object's text is incomplete JSON.
                return line.substring(0, 1 + a % (line.length() - 1)).getBytes(StandardCharsets.UTF_8);
            }
            case NOT_AN_OBJECT:
                return NOT_OBJECTS.get(a % NOT_OBJECTS.size()).getBytes(StandardCharsets.UTF_8);
            case WRONG_SHAPE:
                return WRONG_SHAPES.get(a % WRONG_SHAPES.size()).getBytes(StandardCharsets.UTF_8);
            default: {
                byte[] line = TestWorkloads.renderLine(base, new Random(a));
                byte[] bad = BAD_BYTES.get(b % BAD_BYTES.size());
                int at = a % (line.length + 1);
                byte[] spoiled = new byte[line.length + bad.length];
                System.arraycopy(line, 0, spoiled, 0, at);
                System.arraycopy(bad, 0, spoiled, at, bad.length);
                System.arraycopy(line, at, spoiled, at + bad.length, line.length - at);
                return spoiled;
            }
        }
    }

    /** Where a byte order mark is put in a line: places where a JSON token (or the end) is expected. */
    enum BomPlace { LINE_START, AFTER_OPENING_BRACE, BEFORE_CLOSING_BRACE, LINE_END }

    @Test
    void refusesAByteOrderMarkAnywhereButAtTheStartOfTheFile() {
        Gen<Line> lines = Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(3, TestWorkloads.contentLines()),
                org.quicktheories.api.Pair.of(3, TestWorkloads.batchLines()),
                org.quicktheories.api.Pair.of(1, Generate.pick(List.of("", " ", "\t ")).map(TestWorkloads.Blank::new))));
        qt().withExamples(300).forAll(TestWorkloads.workloads(15), TestWorkloads.anyIndex(), lines,
                Generate.enumValues(BomPlace.class)).checkAssert((workload, index, line, place) -> {
                    int at = index % (workload.lines().size() + 1);
                    byte[] text = TestWorkloads.renderLine(line, new Random(index));
                    if (text.length == 0 || text[0] != '{') {
                        place = BomPlace.LINE_START;
                    }
                    Workload spoiled = workload.withLineAt(at, new Raw(withBom(text, place)));
                    Path file = write(TestWorkloads.render(spoiled, false));
                    boolean fileBom = at == 0 && place == BomPlace.LINE_START && !workload.byteOrderMark();

                    if (fileBom) {
                        // The file's own byte order mark: allowed, and the workload reads as before.
                        Workload plain = new Workload(workload.withLineAt(0, line).lines(), true, workload.styleSeed());
                        assertEquals(TestWorkloads.expected(plain, "m").size(), expectedOrNone(file));
                        return;
                    }
                    JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

                    assertEquals(at + 1, e.line(), e::getMessage);
                    assertTrue(e.reason().startsWith("malformed JSON: unexpected byte order mark (U+FEFF)"), e.reason());
                    assertTrue(e.reason().endsWith("; a byte order mark is allowed only at the very start of the file"),
                            e.reason());
                });
    }

    private static byte[] withBom(byte[] line, BomPlace place) {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        int at = switch (place) {
            case LINE_START -> 0;
            case AFTER_OPENING_BRACE -> 1;
            case BEFORE_CLOSING_BRACE -> line.length - 1;
            case LINE_END -> line.length;
        };
        byte[] spoiled = new byte[line.length + bom.length];
        System.arraycopy(line, 0, spoiled, 0, at);
        System.arraycopy(bom, 0, spoiled, at, bom.length);
        System.arraycopy(line, at, spoiled, at + bom.length, line.length - at);
        return spoiled;
    }

    /** {@return how many requests {@code file} has, 0 for a file without any} */
    private static int expectedOrNone(Path file) {
        try {
            return (int) JsonlWorkload.scan(file, "m").requestCount();
        } catch (JsonlException e) {
            assertEquals(file + ": no requests", e.getMessage());
            return 0;
        }
    }

    @Test
    void refusesADuplicateKeyAtAnyDepthNamingItsLineKeyColumnAndPath() {
        Gen<Line> lines = Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(1, TestWorkloads.contentLines()),
                org.quicktheories.api.Pair.of(3, TestWorkloads.batchLines())));
        qt().withExamples(300).forAll(TestWorkloads.workloads(15), TestWorkloads.anyIndex(), lines, TestWorkloads.anyIndex())
                .checkAssert((workload, index, line, choice) -> {
                    int at = index % (workload.lines().size() + 1);
                    Random random = new Random(choice);
                    Duplicating writer = new Duplicating(random, TestWorkloads.object(line, random));
                    Workload spoiled = workload.withLineAt(at, new Raw(writer.text.toString().getBytes(StandardCharsets.UTF_8)));
                    Path file = write(TestWorkloads.render(spoiled, false));

                    JsonlException e = assertThrows(JsonlException.class, () -> JsonlWorkload.scan(file, "m"));

                    assertEquals(at + 1, e.line(), e::getMessage);
                    assertEquals(writer.expectedReason, e.reason());
                    assertEquals(e.getMessage(), assertThrows(JsonlException.class, () -> JsonlWorkload.parse(file, "m")).getMessage());
                });
    }

    /**
     * Writes a line's object as JSON with one member repeated, later in the same object, in an
     * object chosen at random among all those of the line (the top-level one, the body, a message,
     * the metadata), its name escaped at random; and the message that must report it.
     */
    private static final class Duplicating {
        final StringBuilder text = new StringBuilder();
        final Random random;
        final int target;
        int objects;
        String expectedReason;

        Duplicating(Random random, JsonObject line) {
            this.random = random;
            this.target = random.nextInt(count(line));
            write(line, "$");
        }

        private static int count(JsonElement value) {
            int count = value.isJsonObject() ? 1 : 0;
            if (value.isJsonObject()) {
                for (JsonElement member : value.getAsJsonObject().asMap().values()) {
                    count += count(member);
                }
            } else if (value.isJsonArray()) {
                for (JsonElement element : value.getAsJsonArray()) {
                    count += count(element);
                }
            }
            return count;
        }

        private void write(JsonElement value, String path) {
            if (value.isJsonObject()) {
                boolean spoil = objects++ == target;
                List<String> keys = new ArrayList<>(value.getAsJsonObject().keySet());
                int original = random.nextInt(keys.size());
                int after = original + random.nextInt(keys.size() - original);
                text.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    member(keys.get(i), value.getAsJsonObject().get(keys.get(i)), path);
                    if (spoil && i == after) {
                        text.append(',');
                        int column = text.codePointCount(0, text.length()) + 1;
                        if (expectedReason == null) {
                            expectedReason = "duplicate key \"" + keys.get(original) + "\" at column " + column
                                    + " (at " + path + "." + keys.get(original) + ")";
                        }
                        TestWorkloads.writeString(text, keys.get(original), random);
                        text.append(":").append(random.nextBoolean() ? "1" : "{\"x\":[]}");
                    }
                }
                text.append('}');
            } else if (value.isJsonArray()) {
                text.append('[');
                for (int i = 0; i < value.getAsJsonArray().size(); i++) {
                    text.append(i > 0 ? "," : "");
                    write(value.getAsJsonArray().get(i), path + "[" + i + "]");
                }
                text.append(']');
            } else {
                TestWorkloads.writeJson(text, value, random);
            }
        }

        private void member(String key, JsonElement value, String path) {
            TestWorkloads.writeString(text, key, random);
            text.append(':');
            write(value, path + "." + key);
        }
    }

    @Test
    void generatedWorkloadsAreWrittenWithEveryLineTerminator() {
        // Guards the generator: the properties above must see \n, \r\n and lone \r.
        List<String> seen = new ArrayList<>();
        qt().withExamples(200).forAll(TestWorkloads.workloads(25)).checkAssert(workload -> {
            for (Physical line : workload.lines()) {
                if (!seen.contains(line.terminator())) {
                    seen.add(line.terminator());
                }
            }
        });
        assertTrue(seen.containsAll(List.of("\n", "\r\n", "\r", "")), seen::toString);
    }

    private Path write(byte[] bytes) {
        try {
            Path file = dir.resolve("w" + (files++) + ".jsonl");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] drain(RequestBody body) {
        try {
            return JsonlWorkloadTest.drain(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonElement parseStrictly(String json) {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        return JsonParser.parseReader(reader);
    }
}
