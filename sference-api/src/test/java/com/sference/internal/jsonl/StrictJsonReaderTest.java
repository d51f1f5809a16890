package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.google.gson.JsonParser;
import com.sference.JsonlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.generators.SourceDSL;

class StrictJsonReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "[1,]", "{\"a\":1,}", "{\"a\":01}",
        "{\"a\":1} {}", "{\"a\":1} x", "{\"a\":1}//c", "/*c*/{}", "{\"a\":\"\\x\"}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"\\ud800\\u0041\"}", "{\"a\":TRUE}", "{\"a\":1 \"b\":2}", "{\"a\":.5}", "{\"a\":1.}",
        "{\"a\":1e}", "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":\"\\u00e\"}", "{\"a\" \"b\"}", "[", "{", "\"", "", "{\"a\":[}", "{,}",
        "[1 2]", "{\"a\":1}}", "nul", "truex", "{\"a\":\u00a0 1}", "{\"a\":\u2003 1}"})
    void rejectsWhatStrictJsonDoesNotAllow(String text) {
        JsonlException e = assertThrows(JsonlException.class, () -> canonical(text));

        assertTrue(e.reason().startsWith("malformed JSON: "), e.reason());
        assertFalse(e.reason().contains("\n"), e.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\" : [1, 2.0, -0, 1e5, true, null, \"\\u00e9\\/\"]} |{\"a\":[1,2.0,-0,1e5,true,null,\"\u00e9/\"]}",
        "[ ]|[]",
        "{ }|{}",
        "\"s\"|\"s\"",
        "0|0",
        "[0,-0,1,1.0,-12.50,1e5,1E+5,2.5e-7,123456789012345678901234567890,0.1000000000000000000000001]"
                + "|[0,-0,1,1.0,-12.50,1e5,1E+5,2.5e-7,123456789012345678901234567890,0.1000000000000000000000001]"})
    void writesStrictJsonCompactWithNumbersAsWritten(String text, String expected) throws IOException {
        assertEquals(expected, canonical(text));
    }

    @Test
    void resolvesEscapesExceptThoseJsonRequires() throws IOException {
        String text = "\"\\u0041\\n\\u000a\\u001F\\u007f\\\"\\\\\\/\\b\\f\\r\\t\\uD83D\\uDE00\\u2028\\ufeff\u00e9\u4e2d\ud83d\ude00\"";

        assertEquals("\"A\\n\\n\\u001f\u007f\\\"\\\\/\\b\\f\\r\\t\ud83d\ude00\u2028\ufeff\u00e9\u4e2d\ud83d\ude00\"", canonical(text));
    }

    @Test
    void allowsJsonWhitespaceInsideAndJavaWhitespaceAroundTheValue() throws IOException {
        assertEquals("{\"a\":[1,2]}", canonical("\u2003\u000b { \"a\"\t:\r\n[ 1 ,2 ] }\u3000\u001f "));
    }

    @Test
    void writesAnyStringInTheFormUtf8JsonBufferWritesIt() {
        qt().withExamples(2000).forAll(TestWorkloads.texts(30), SourceDSL.longs().all()).checkAssert((text, seed) -> {
            StringBuilder json = new StringBuilder();
            TestWorkloads.writeString(json, text, new Random(seed));

            assertEquals(new Utf8JsonBuffer(8).string(text).asString(), canonical(json.toString()));
        });
    }

    @Test
    void writesAnyBodyAsTheSameJsonAndNoLongerThanItWasRead() {
        qt().withExamples(500).forAll(TestWorkloads.bodies(), SourceDSL.longs().all()).checkAssert((body, seed) -> {
            StringBuilder json = new StringBuilder();
            TestWorkloads.writeJson(json, body, new Random(seed));

            String written = canonical(json.toString());

            TestWorkloads.assertSameJson(body, JsonParser.parseString(written), "body");
            assertTrue(written.getBytes(StandardCharsets.UTF_8).length <= json.toString().getBytes(StandardCharsets.UTF_8).length,
                    written);
        });
    }

    /** {@return {@code text} read as one JSON text and written in canonical form} */
    private static String canonical(String text) {
        try {
            Utf8JsonBuffer out = new Utf8JsonBuffer(16);
            JsonlLineReader reader = JsonlLineReader.ofText(text.getBytes(StandardCharsets.UTF_8));
            StrictJsonReader json = new StrictJsonReader();
            reader.nextLine();
            json.begin(reader, out);
            json.blank();
            json.copyValue(true);
            json.end();
            return out.asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
