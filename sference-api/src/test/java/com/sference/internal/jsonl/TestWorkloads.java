package com.sference.internal.jsonl;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated workloads for property tests: the lines, how they are written to a file (escapes,
 * spacing, key order and line terminators vary), and the requests the SDK must make of them. The
 * JSON writing here is independent of the code under test.
 */
final class TestWorkloads {
    static final String METHOD = "POST";
    static final String URL = "/v1/chat/completions";

    private TestWorkloads() {
    }

    /** How a {@code custom_id} appears on a line. */
    enum IdKind { ABSENT, NULL, VALUE }

    /** A {@code custom_id}: absent, null, or a string (maybe empty). */
    record Id(IdKind kind, String value) {
        static final Id ABSENT = new Id(IdKind.ABSENT, null);
        static final Id NULL = new Id(IdKind.NULL, null);
    }

    /** One line of a workload. */
    sealed interface Line permits Blank, ContentLine, BatchLine, Raw {
    }

    /** A blank line. */
    record Blank(String whitespace) implements Line {
    }

    /** {@code {"content":..., "custom_id"?:...}}. */
    record ContentLine(String content, Id id) implements Line {
    }

    /** An OpenAI batch line. */
    record BatchLine(Id id, JsonObject body) implements Line {
    }

    /** A line given as bytes, for corrupted lines. */
    record Raw(byte[] bytes) implements Line {
    }

    /** A line and its terminator ({@code ""} only for the last line). */
    record Physical(Line line, String terminator) {
    }

    /** A workload: its lines, whether it starts with a BOM, and a seed for how it is written. */
    record Workload(List<Physical> lines, boolean byteOrderMark, long styleSeed) {
        Workload withLineAt(int index, Line line) {
            List<Physical> copy = new ArrayList<>(lines);
            if (index > 0 && copy.get(index - 1).terminator().isEmpty()) {
                copy.set(index - 1, new Physical(copy.get(index - 1).line(), "\n"));
            }
            copy.add(index, new Physical(line, "\n"));
            return new Workload(copy, byteOrderMark, styleSeed);
        }

        @Override
        public String toString() {
            return new String(render(this, false), StandardCharsets.UTF_8);
        }
    }

    /** A request the SDK must make: its custom id (maybe null) and body. */
    record Expected(String customId, JsonObject body) {
    }

    // ---------------------------------------------------------------- generators

    /** Any code point but a surrogate, weighted towards the ones JSON escapes and non-ASCII. */
    static Gen<Integer> codePoints() {
        return Generate.frequency(List.of(
                Pair.of(4, Generate.range(0x20, 0x7e)),
                Pair.of(2, Generate.pick(List.of((int) '"', (int) '\\', (int) '/', 0, 1, 0x1f, 0x7f, (int) '\n',
                        (int) '\r', (int) '\t', (int) '\b', (int) '\f', 0x2028, 0xfeff, 0xa0))),
                Pair.of(2, Generate.range(0x80, 0xd7ff)),
                Pair.of(1, Generate.range(0xe000, 0xffff)),
                Pair.of(2, Generate.range(0x10000, Character.MAX_CODE_POINT))));
    }

    static Gen<String> texts(int maxLength) {
        return lists().of(codePoints()).ofSizeBetween(0, maxLength).map(codePoints -> {
            StringBuilder text = new StringBuilder();
            codePoints.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    static Gen<Id> ids() {
        return Generate.frequency(List.of(
                Pair.of(2, Generate.constant(Id.ABSENT)),
                Pair.of(1, Generate.constant(Id.NULL)),
                Pair.of(5, texts(10).map(text -> new Id(IdKind.VALUE, text)))));
    }

    static final List<String> NUMBERS = List.of("0", "-0", "1", "1.0", "-12.50", "1e5", "1E+5", "2.5e-7",
            "123456789012345678901234567890", "3.14159265358979323846264338327950288");

    static Gen<JsonObject> bodies() {
        return texts(6).zip(texts(20), Generate.range(-1, NUMBERS.size() - 1), texts(8).toOptionals(50),
                (model, content, number, note) -> {
                    JsonObject body = new JsonObject();
                    body.addProperty("model", "m-" + model);
                    JsonObject message = new JsonObject();
                    message.addProperty("role", "user");
                    message.addProperty("content", content);
                    JsonArray messages = new JsonArray();
                    messages.add(message);
                    body.add("messages", messages);
                    if (number >= 0) {
                        body.add("temperature", JsonParser.parseString(NUMBERS.get(number)));
                    }
                    note.ifPresent(text -> {
                        JsonObject metadata = new JsonObject();
                        metadata.addProperty("note", text);
                        JsonArray flags = new JsonArray();
                        flags.add(true);
                        flags.add(false);
                        flags.add(JsonNull.INSTANCE);
                        metadata.add("flags", flags);
                        body.add("metadata", metadata);
                    });
                    return body;
                });
    }

    static Gen<Line> contentLines() {
        return texts(24).zip(ids(), ContentLine::new);
    }

    static Gen<Line> batchLines() {
        return ids().zip(bodies(), BatchLine::new);
    }

    static Gen<Line> lines() {
        Gen<Line> blank = Generate.pick(List.of("", " ", "\t", " \t  ")).map(Blank::new);
        return Generate.frequency(List.of(Pair.of(1, blank), Pair.of(3, contentLines()), Pair.of(3, batchLines())));
    }

    static Gen<Workload> workloads(int maxLines) {
        Gen<Physical> physical = lines().zip(Generate.pick(List.of("\n", "\r\n", "\r")), Physical::new);
        return lists().of(physical).ofSizeBetween(1, maxLines).zip(booleans().all(), booleans().all(),
                longs().all(), (lines, finalTerminator, byteOrderMark, seed) -> {
                    List<Physical> copy = new ArrayList<>(lines);
                    if (!finalTerminator) {
                        Physical last = copy.get(copy.size() - 1);
                        copy.set(copy.size() - 1, new Physical(last.line(), ""));
                    }
                    return new Workload(copy, byteOrderMark && seed % 4 == 0, seed);
                });
    }

    /** Any index, to be taken modulo a size. */
    static Gen<Integer> anyIndex() {
        return integers().between(0, 1 << 20);
    }

    // ---------------------------------------------------------------- what the SDK must do

    /** {@return the requests of {@code workload} with caller model {@code model}} */
    static List<Expected> expected(Workload workload, String model) {
        List<Expected> requests = new ArrayList<>();
        for (int i = 0; i < workload.lines().size(); i++) {
            Line line = workload.lines().get(i).line();
            long number = i + 1;
            if (line instanceof ContentLine content) {
                String id = content.id().kind() == IdKind.VALUE && !content.id().value().isEmpty()
                        ? content.id().value() : "request-" + number;
                requests.add(new Expected(id, chatBody(model, content.content())));
            } else if (line instanceof BatchLine batch) {
                requests.add(new Expected(batch.id().value(), batch.body()));
            }
        }
        return requests;
    }

    /** {@return the 1-based number of the first content line, or 0} */
    static long firstContentLine(Workload workload) {
        for (int i = 0; i < workload.lines().size(); i++) {
            if (workload.lines().get(i).line() instanceof ContentLine) {
                return i + 1;
            }
        }
        return 0;
    }

    static long batchLineCount(Workload workload) {
        return workload.lines().stream().filter(p -> p.line() instanceof BatchLine).count();
    }

    static JsonObject chatBody(String model, String content) {
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", content);
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        body.add("messages", messages);
        return body;
    }

    // ---------------------------------------------------------------- writing files

    /**
     * {@return the bytes of the workload file} Canonical writing escapes only what JSON requires,
     * the way the SDK does, with no spaces and keys in order; otherwise escapes, spaces and the
     * order of a line's keys vary with the workload's seed.
     */
    static byte[] render(Workload workload, boolean canonical) {
        Random random = new Random(workload.styleSeed());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (workload.byteOrderMark()) {
            out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        }
        String previousTerminator = "";
        for (Physical physical : workload.lines()) {
            byte[] line = renderLine(physical.line(), canonical ? null : random);
            if (line.length == 0 && previousTerminator.equals("\r")) {
                // "\r" then an empty line ended by "\n" would read as one "\r\n".
                line = new byte[] {' '};
            }
            out.writeBytes(line);
            out.writeBytes(physical.terminator().getBytes(StandardCharsets.US_ASCII));
            previousTerminator = physical.terminator();
        }
        return out.toByteArray();
    }

    /** {@return one line, without terminator; {@code random} null means canonical} */
    static byte[] renderLine(Line line, Random random) {
        if (line instanceof Raw raw) {
            return raw.bytes();
        }
        if (line instanceof Blank blank) {
            return blank.whitespace().getBytes(StandardCharsets.US_ASCII);
        }
        StringBuilder text = new StringBuilder();
        writeJson(text, object(line, random), random);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@return the object a content or batch line is written as; {@code random} null means keys in order} */
    static JsonObject object(Line line, Random random) {
        JsonObject object = new JsonObject();
        if (line instanceof ContentLine content) {
            object.addProperty("content", content.content());
            addId(object, content.id());
        } else {
            BatchLine batch = (BatchLine) line;
            addId(object, batch.id());
            object.addProperty("method", METHOD);
            object.addProperty("url", URL);
            object.add("body", batch.body());
        }
        if (random != null) {
            List<Map.Entry<String, JsonElement>> members = new ArrayList<>(object.entrySet());
            Collections.shuffle(members, random);
            object = new JsonObject();
            for (Map.Entry<String, JsonElement> member : members) {
                object.add(member.getKey(), member.getValue());
            }
        }
        return object;
    }

    private static void addId(JsonObject object, Id id) {
        if (id.kind() == IdKind.NULL) {
            object.add("custom_id", JsonNull.INSTANCE);
        } else if (id.kind() == IdKind.VALUE) {
            object.addProperty("custom_id", id.value());
        }
    }

    /** Writes {@code value} as JSON; {@code random} null means canonical. */
    static void writeJson(StringBuilder out, JsonElement value, Random random) {
        if (value.isJsonNull()) {
            out.append("null");
        } else if (value.isJsonObject()) {
            out.append('{');
            space(out, random);
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                if (!first) {
                    out.append(',');
                    space(out, random);
                }
                first = false;
                writeString(out, member.getKey(), random);
                space(out, random);
                out.append(':');
                space(out, random);
                writeJson(out, member.getValue(), random);
                space(out, random);
            }
            out.append('}');
        } else if (value.isJsonArray()) {
            out.append('[');
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                space(out, random);
                writeJson(out, array.get(i), random);
            }
            space(out, random);
            out.append(']');
        } else {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            if (primitive.isString()) {
                writeString(out, primitive.getAsString(), random);
            } else {
                // Booleans and numbers (a parsed number's text is its literal).
                out.append(primitive.isBoolean() ? String.valueOf(primitive.getAsBoolean())
                        : primitive.getAsNumber().toString());
            }
        }
    }

    private static void space(StringBuilder out, Random random) {
        if (random != null && random.nextInt(6) == 0) {
            out.append(random.nextBoolean() ? " " : "\t ");
        }
    }

    static void writeString(StringBuilder out, String text, Random random) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                // A pair is escaped whole or written whole: half of it raw would not survive UTF-8.
                char low = text.charAt(++i);
                if (random != null && random.nextInt(5) == 0) {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
                } else {
                    out.append(c).append(low);
                }
                continue;
            }
            String shortEscape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '/' -> random != null && random.nextBoolean() ? "\\/" : null;
                default -> null;
            };
            boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
            if (random == null) {
                if (shortEscape != null) {
                    out.append(shortEscape);
                } else if (mustEscape) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            } else if (shortEscape != null && random.nextBoolean()) {
                out.append(shortEscape);
            } else if (mustEscape || random.nextInt(5) == 0) {
                out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /**
     * Asserts that two JSON values are the same: same keys in the same order, numbers with the
     * same text (so {@code 1} differs from {@code 1.0}), same strings.
     */
    static void assertSameJson(JsonElement expected, JsonElement actual, String where) {
        if (expected == null || expected.isJsonNull()) {
            if (actual != null && !actual.isJsonNull()) {
                throw new AssertionError(where + ": expected null, was " + actual);
            }
        } else if (expected.isJsonObject()) {
            if (actual == null || !actual.isJsonObject()) {
                throw new AssertionError(where + ": expected an object, was " + actual);
            }
            List<String> expectedKeys = new ArrayList<>(expected.getAsJsonObject().keySet());
            List<String> actualKeys = new ArrayList<>(actual.getAsJsonObject().keySet());
            if (!expectedKeys.equals(actualKeys)) {
                throw new AssertionError(where + ": keys " + expectedKeys + " expected, were " + actualKeys);
            }
            for (String key : expectedKeys) {
                assertSameJson(expected.getAsJsonObject().get(key), actual.getAsJsonObject().get(key), where + "." + key);
            }
        } else if (expected.isJsonArray()) {
            if (actual == null || !actual.isJsonArray() || actual.getAsJsonArray().size() != expected.getAsJsonArray().size()) {
                throw new AssertionError(where + ": expected " + expected + ", was " + actual);
            }
            for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
                assertSameJson(expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i), where + "[" + i + "]");
            }
        } else {
            JsonPrimitive e = expected.getAsJsonPrimitive();
            if (actual == null || !actual.isJsonPrimitive()) {
                throw new AssertionError(where + ": expected " + expected + ", was " + actual);
            }
            JsonPrimitive a = actual.getAsJsonPrimitive();
            boolean same = e.isString() ? a.isString() && e.getAsString().equals(a.getAsString())
                    : e.isBoolean() ? a.isBoolean() && e.getAsBoolean() == a.getAsBoolean()
                    : a.isNumber() && e.getAsNumber().toString().equals(a.getAsNumber().toString());
            if (!same) {
                throw new AssertionError(where + ": expected " + expected + ", was " + actual);
            }
        }
    }

    /** {@return {@code text} as the canonical JSON string literal} */
    static String canonicalString(String text) {
        StringBuilder out = new StringBuilder();
        writeString(out, text, null);
        return out.toString();
    }
}
