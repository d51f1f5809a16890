package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.sference.JsonlException;
import com.sference.model.InferenceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlLineParserTest {
    private static final Path FILE = Path.of("work.jsonl");
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";
    private static final String BOM_RULE = "; a byte order mark is allowed only at the very start of the file";

    private final JsonlLineParser withModel = new JsonlLineParser(FILE, "m", JsonlWorkload.DEFAULT_MAX_LINE_BYTES);
    private final JsonlLineParser withoutModel = new JsonlLineParser(FILE, null, JsonlWorkload.DEFAULT_MAX_LINE_BYTES);

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\t", " \u2003 ", "\u000b", "\u3000\u001f"})
    void skipsBlankLines(String line) {
        assertNull(parse(withModel, 1, line));
    }

    @Test
    void makesAContentLineAOneMessageChatForTheCallersModel() {
        InferenceRequest request = parse(withModel, 9, "  {\"content\":\"Hi\"}\t").toRequest();

        assertEquals("request-9", request.customId());
        assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", request.body().json());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "{\"content\":\"c\",\"custom_id\":\"mine\"}|mine",
        "{\"custom_id\":\"mine\",\"content\":\"c\"}|mine",
        "{\"content\":\"c\",\"custom_id\":null}|request-4",
        "{\"content\":\"c\",\"custom_id\":\"\"}|request-4",
        "{\"content\":\"c\"}|request-4"})
    void givesAContentLineItsCustomIdOrRequestAndLineNumber(String line, String customId) {
        assertEquals(customId, parse(withModel, 4, line).toRequest().customId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "\"custom_id\":\"x\",|x",
        "\"custom_id\":\"\",|''",
        "\"custom_id\":null,|NULL",
        "|NULL"})
    void keepsTheCustomIdOfABatchLine(String idMember, String customId) {
        BatchEntry entry = parse(withoutModel, 1, "{" + (idMember == null ? "" : idMember) + CHAT + ",\"body\":{\"model\":\"q\"}}");

        assertEquals("{\"model\":\"q\"}", entry.value().toString());
        assertEquals(customId, entry.toRequest().customId());
    }

    @Test
    void countsBatchLinesThatIgnoreTheCallersModel() {
        parse(withModel, 1, "{" + CHAT + ",\"body\":{\"model\":\"q\"}}");
        parse(withModel, 2, "{\"content\":\"c\"}");
        parse(withModel, 3, "{" + CHAT + ",\"body\":{\"model\":\"q\"},\"extra\":1}");
        parse(withoutModel, 1, "{" + CHAT + ",\"body\":{\"model\":\"q\"}}");

        assertEquals(2, withModel.ignoredModelLines());
        assertEquals(0, withoutModel.ignoredModelLines());
    }

    @Test
    void countsBatchLinesThatNameAnotherModelThanTheCallers() {
        JsonlLineParser parser = new JsonlLineParser(FILE, "a/b", JsonlWorkload.DEFAULT_MAX_LINE_BYTES);
        parse(parser, 1, "{" + CHAT + ",\"body\":{\"model\":\"a/b\"}}");
        parse(parser, 2, "{" + CHAT + ",\"body\":{\"model\":\"a\\/b\"}}");
        parse(parser, 3, "{" + CHAT + ",\"body\":{\"model\":\"\\u0061/b\"}}");
        parse(parser, 4, "{" + CHAT + ",\"body\":{\"model\":\"a/c\"}}");
        parse(parser, 5, "{" + CHAT + ",\"body\":{\"model\":\"a/b \"}}");

        assertEquals(5, parser.ignoredModelLines());
        assertEquals(2, parser.otherModelLines());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"content\":\"c\",\"custom_id\":7}|\"custom_id\" must be a string or null, found a number",
        "{\"content\":\"c\",\"custom_id\":[\"a\"]}|\"custom_id\" must be a string or null, found an array",
        "{\"custom_id\":true," + "\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"q\"}}|\"custom_id\" must be a string or null, found a boolean",
        "{\"content\":3}|\"content\" must be a string, found a number",
        "{\"content\":null}|\"content\" must be a string, found null",
        "{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}|\"content\" must be a string, found an array",
        "{\"content\":\"c\",\"model\":\"x\"}|unexpected key \"model\" in a content line (it may have only \"content\" and \"custom_id\")",
        "{\"method\":\"POST\",\"content\":\"c\"}|unexpected key \"method\" in a content line (it may have only \"content\" and \"custom_id\")",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":[]}|\"body\" must be a JSON object, found an array",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{}}|\"body.model\" must be a non-empty string, found none",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"\"}}|\"body.model\" must be a non-empty string, found \"\"",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":5}}|\"body.model\" must be a non-empty string, found a number",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"x\":{\"model\":\"m\"}}}|\"body.model\" must be a non-empty string, found none",
        "{\"method\":\"POST\",\"body\":{\"model\":\"q\"}}|an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing \"url\"",
        "{\"body\":{\"model\":\"q\"}}|an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing \"method\", \"url\"",
        "{\"custom_id\":\"a\"}|unsupported line: expected an OpenAI batch line {\"custom_id\",\"method\",\"url\",\"body\"} or a content line {\"content\",\"custom_id\"}",
        "[{\"content\":\"c\"}]|expected a JSON object, found an array",
        "\"{}\"|expected a JSON object, found a string",
        "null|expected a JSON object, found null"})
    void rejectsLinesOutsideTheTwoFormatsWithTheirLine(String line, String reason) {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 12, line));

        assertEquals(FILE, e.path());
        assertEquals(12, e.line());
        assertEquals(reason, e.reason());
        assertEquals("work.jsonl:12: " + reason, e.getMessage());
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                arguments("{\"content\":x}", "malformed JSON: expected a value but found \"x\" at column 12 (at $.content)"),
                arguments("{\"content\": broken",
                        "malformed JSON: expected a value but found \"broken\" at column 13 (at $.content)"),
                arguments("{\"a\":1 \"b\":2}", "malformed JSON: expected ',' or '}' but found '\"' at column 8 (at $)"),
                arguments("{\"a\":1} x", "malformed JSON: unexpected \"x\" after the JSON value at column 9"),
                arguments("{\"a\":1}//c", "malformed JSON: unexpected '/' after the JSON value at column 8"),
                arguments("{\"content\":\"abc", "malformed JSON: unterminated string starting at column 12 (at $.content)"),
                arguments("{\"a\":\"x\\q\"}", "malformed JSON: invalid escape sequence \"\\q\" at column 8 (at $.a)"),
                arguments("{\"a\":\"\\u12G4\"}", "malformed JSON: invalid escape sequence \"\\u12G\" at column 7 (at $.a)"),
                arguments("{\"a\":01}", "malformed JSON: invalid number \"01\" (a leading zero) at column 6 (at $.a)"),
                arguments("{\"a\":-1.}", "malformed JSON: invalid number \"-1.\" at column 6 (at $.a)"),
                arguments("{\"a\":NaN}", "malformed JSON: expected a value but found \"NaN\" at column 6 (at $.a)"),
                arguments("{\"a\":[1,]}", "malformed JSON: expected a value but found ']' at column 9 (at $.a[1])"),
                arguments("{\"a\" 1}", "malformed JSON: expected ':' but found \"1\" at column 6 (at $.a)"),
                arguments("{'a':1}", "malformed JSON: expected a member name in double quotes but found \"'\" at column 2 (at $)"),
                arguments("{\"content\":\"c\",}",
                        "malformed JSON: expected a member name in double quotes but found '}' at column 16 (at $)"),
                arguments("{\"a\":", "malformed JSON: expected a value but found the end of the line at column 6 (at $.a)"),
                arguments("{\"content\":\"\\ud800\"}",
                        "malformed JSON: unpaired surrogate escape \"\\ud800\" at column 13 (at $.content)"),
                arguments("{\"content\":\"a\tb\"}",
                        "malformed JSON: unescaped control character U+0009 in a string at column 14 (at $.content)"),
                arguments("{\"a\":\u00e9}", "malformed JSON: expected a value but found U+00E9 '\u00e9' at column 6 (at $.a)"),
                arguments("{" + CHAT.replace("/v1/chat/completions", "u") + ",\"body\":{\"model\":\"m\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":tru}]}}",
                        "malformed JSON: expected a value but found \"tru\" at column 85 (at $.body.messages[0].content)"),
                arguments("{\"custom_id\":\"\u00e9\ud83d\ude00\u4e2d\",\"content\":}",
                        "malformed JSON: expected a value but found '}' at column 30 (at $.content)"),
                arguments("{\"a b\":{\"c\\\"\":[0,{\"d\":\"\\x\"}]}}",
                        "malformed JSON: invalid escape sequence \"\\x\" at column 24 (at $[\"a b\"][\"c\\\"\"][1].d)"));
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void reportsTheColumnWhereTheBadTokenStartsAndThePathOfTheValueBeingRead(String line, String reason) {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 3, line));

        assertEquals(3, e.line());
        assertEquals(reason, e.reason());
    }

    @Test
    void countsColumnsFromTheStartOfTheLineNotOfItsJson() {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 5, " \u2003\t{\"content\":\"c\",}"));

        assertEquals("work.jsonl:5: malformed JSON: expected a member name in double quotes but found '}' at column 19 (at $)",
                e.getMessage());
    }

    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                arguments("{\"content\":\"a\",\"content\":\"b\"}", "duplicate key \"content\" at column 16 (at $.content)"),
                arguments("{\"content\":\"a\",\"\\u0063ontent\":\"b\"}", "duplicate key \"content\" at column 16 (at $.content)"),
                arguments("{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"m\",\"model\":\"n\"}}",
                        "duplicate key \"model\" at column 48 (at $.body.model)"),
                arguments("{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"role\":\"x\"}]}}",
                        "duplicate key \"role\" at column 75 (at $.body.messages[0].role)"),
                arguments("{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"m\"},\"extra\":{\"k\":1,\"k\":2}}",
                        "duplicate key \"k\" at column 64 (at $.extra.k)"),
                arguments("{\"a\\n\":1,\"a\\u000a\":2}", "duplicate key \"a\\n\" at column 10 (at $[\"a\\n\"])"));
    }

    @ParameterizedTest
    @MethodSource("duplicateKeys")
    void refusesADuplicateKeyInAnyObjectNamingItAndItsPath(String line, String reason) {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 2, line));

        assertEquals(2, e.line());
        assertEquals(reason, e.reason());
    }

    @Test
    void allowsTheSameKeyInDifferentObjects() {
        BatchEntry entry = parse(withModel, 1, "{" + CHAT + ",\"body\":{\"model\":\"q\",\"a\":{\"model\":1,\"a\":{\"a\":2}},"
                + "\"b\":[{\"a\":1},{\"a\":2}],\"c\":{\"a\":3}}}");

        assertEquals("{\"model\":\"q\",\"a\":{\"model\":1,\"a\":{\"a\":2}},\"b\":[{\"a\":1},{\"a\":2}],\"c\":{\"a\":3}}",
                entry.value().toString());
    }

    static Stream<Arguments> byteOrderMarks() {
        return Stream.of(
                arguments("\ufeff{\"content\":\"c\"}", 1, "(at $)"),
                arguments("  \ufeff{\"content\":\"c\"}", 3, "(at $)"),
                arguments("\ufeff", 1, "(at $)"),
                arguments("{\"content\":\ufeff\"c\"}", 12, "(at $.content)"),
                arguments("{\ufeff\"content\":\"c\"}", 2, "(at $)"),
                arguments("{\"content\"\ufeff:\"c\"}", 11, "(at $.content)"),
                arguments("{\"content\":\"c\"\ufeff}", 15, "(at $)"),
                arguments("{\"content\":[\"c\",\ufeff1]}", 17, "(at $.content[1])"));
    }

    @ParameterizedTest
    @MethodSource("byteOrderMarks")
    void refusesAByteOrderMarkWhereATokenIsExpected(String line, long column, String path) {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 2, line));

        assertEquals(2, e.line());
        assertEquals("malformed JSON: unexpected byte order mark (U+FEFF) at column " + column + " " + path + BOM_RULE,
                e.reason());
    }

    @Test
    void refusesAByteOrderMarkAfterTheValue() {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 2, "{\"content\":\"c\"} \ufeff"));

        assertEquals("malformed JSON: unexpected byte order mark (U+FEFF) after the JSON value at column 17" + BOM_RULE,
                e.reason());
    }

    @Test
    void keepsAByteOrderMarkInsideAString() {
        assertEquals("\"\ufeffc\ufeff\"", parse(withModel, 2, "{\"content\":\"\ufeffc\ufeff\"}").value().toString());
    }

    @Test
    void reportsInvalidUtf8AtItsLineAndByteOffset() {
        byte[] line = {'{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', 'a', 'b', (byte) 0xed, (byte) 0xa0,
            (byte) 0x80, '"', '}'};
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 2, line));

        assertEquals(2, e.line());
        assertEquals("work.jsonl:2: invalid UTF-8 at byte offset 14 of the line (0xED 0xA0 0x80)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E2 82|0xE2 0x82",
        "C3 28|0xC3",
        "C0 AF|0xC0",
        "FF|0xFF",
        "80|0x80",
        "F0 80 80 80|0xF0 0x80 0x80 0x80",
        "F4 90 80 80|0xF4 0x90 0x80 0x80",
        "F0 9F 98|0xF0 0x9F 0x98",
        "E0 9F BF 41|0xE0 0x9F 0xBF"})
    void showsTheBytesOfAnInvalidUtf8Sequence(String hex, String shown) {
        byte[] bad = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] line = JsonlLineReaderTest.concat("{\"content\":\"".getBytes(StandardCharsets.UTF_8), bad);

        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 1, line));

        assertEquals("invalid UTF-8 at byte offset 12 of the line (" + shown + ")", e.reason());
    }

    @Test
    void reportsInvalidUtf8OutsideStringsToo() {
        JsonlException e = assertThrows(JsonlException.class,
                () -> parse(withModel, 1, JsonlLineReaderTest.concat(" {\"content\":\"c\"} ".getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xc3})));

        assertEquals("invalid UTF-8 at byte offset 17 of the line (0xC3)", e.reason());
    }

    @Test
    void allowsNestingUpTo255LevelsAndNoDeeper() {
        String inner = "[".repeat(253) + "]".repeat(253);
        JsonlException deepEnough = assertThrows(JsonlException.class,
                () -> parse(withModel, 1, "{\"method\":[" + inner + "]}"));
        assertEquals("an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing \"url\", \"body\"",
                deepEnough.reason(), "255 levels are read");

        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 1, "{\"method\":[[" + inner + "]]}"));

        assertEquals("malformed JSON: nesting deeper than 255 levels at column 265 (at $.method" + "[0]".repeat(254) + ")",
                e.reason());
    }

    @Test
    void refusesAnEndlessLineOnceItPassesTheMaximum() {
        InputStream endless = new InputStream() {
            private final byte[] head = "{\"content\":\"".getBytes(StandardCharsets.US_ASCII);
            private long position;

            @Override
            public int read() {
                return position < head.length ? head[(int) position++] : 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        JsonlLineParser parser = new JsonlLineParser(FILE, "m", 1 << 20);

        JsonlException e = assertThrows(JsonlException.class, () -> {
            try (JsonlLineReader reader = new JsonlLineReader(FILE, endless, 1 << 20)) {
                reader.nextLine();
                parser.parse(reader);
            }
        });

        assertEquals("work.jsonl:1: the line is longer than the maximum of 1048576 bytes (maxJsonlLineBytes)", e.getMessage());
    }

    @Test
    void rejectsAContentLineWithoutCallerModel() {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withoutModel, 3, "{\"content\":\"c\"}"));

        assertEquals("work.jsonl:3: a content line needs a model, and none was given", e.getMessage());
    }

    @Test
    void reportsASyntaxErrorBeforeAShapeError() {
        JsonlException e = assertThrows(JsonlException.class, () -> parse(withModel, 1, "[1,2"));

        assertEquals("malformed JSON: expected ',' or ']' but found the end of the line at column 5 (at $)", e.reason());
    }

    // ---------------------------------------------------------------- helpers

    /** Parses {@code line} as line {@code lineNumber} of a file. */
    static BatchEntry parse(JsonlLineParser parser, long lineNumber, String line) {
        return parse(parser, lineNumber, line.getBytes(StandardCharsets.UTF_8));
    }

    static BatchEntry parse(JsonlLineParser parser, long lineNumber, byte[] line) {
        byte[] before = "\n".repeat((int) lineNumber - 1).getBytes(StandardCharsets.US_ASCII);
        try (JsonlLineReader reader = new JsonlLineReader(FILE, new ByteArrayInputStream(JsonlLineReaderTest.concat(before, line)),
                JsonlWorkload.DEFAULT_MAX_LINE_BYTES)) {
            for (long i = 0; i < lineNumber; i++) {
                reader.nextLine();
            }
            return parser.parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
