package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8JsonBufferTest {

    @Test
    void growsUpToItsCapacityLimitAndNoFurther() {
        Utf8JsonBuffer buffer = new Utf8JsonBuffer(16, 1000);
        buffer.ascii("x".repeat(300)).ascii("x".repeat(300));
        assertEquals(600, buffer.capacity());

        buffer.ascii("y".repeat(400));

        assertEquals(1000, buffer.capacity(), "doubling stops at the limit");
        assertEquals(1000, buffer.size());
        assertThrows(IllegalStateException.class, () -> buffer.put('z'));
    }

    @Test
    void writesACodePointAsAStringWould() {
        Utf8JsonBuffer buffer = new Utf8JsonBuffer(8);
        for (int codePoint : new int[] {'a', '"', '\\', '\n', 0x1f, 0x7f, 0xe9, 0x4e2d, 0x1f600}) {
            buffer.clear();
            buffer.codePoint(codePoint);

            String expected = new Utf8JsonBuffer(8).string(Character.toString(codePoint)).asString();
            assertEquals(expected.substring(1, expected.length() - 1), buffer.asString());
        }
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        String text = "q\" b\\ / \n\r\t\b\f \u0000\u001f \u007f \u00e9 \u2028 \ufeff \ud83d\ude00";

        byte[] written = new Utf8JsonBuffer(8).string(text).toByteArray();

        assertArrayEquals(("\"q\\\" b\\\\ / \\n\\r\\t\\b\\f \\u0000\\u001f \u007f \u00e9 \u2028 \ufeff \ud83d\ude00\"")
                .getBytes(StandardCharsets.UTF_8), written);
    }

    @Test
    void escapesUnpairedSurrogatesInsteadOfLosingThem() {
        assertEquals("\"\\ud800x\\udc00\\ud83d\"", new Utf8JsonBuffer(8).string("\ud800x\udc00\ud83d").asString());
    }

    @Test
    void growsAndIsReusableAfterClear() {
        Utf8JsonBuffer buffer = new Utf8JsonBuffer(1);
        buffer.string("x".repeat(10_000));
        assertEquals(10_002, buffer.size());

        buffer.clear();
        buffer.ascii("{}");

        assertEquals("{}", buffer.asString());
    }

    @Test
    void anyStringReadsBackAsItself() {
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(text -> {
            String json = new Utf8JsonBuffer(8).string(text).asString();

            assertEquals(text, JsonParser.parseString(json).getAsString());
        });
    }

    @Test
    void anyStringWithoutSurrogatesOrEscapesIsWrittenAsItsUtf8() {
        qt().withExamples(2000).forAll(strings().betweenCodePoints(0x20, 0xd7ff).ofLengthBetween(0, 40))
                .assuming(text -> text.indexOf('"') < 0 && text.indexOf('\\') < 0)
                .checkAssert(text -> assertArrayEquals(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8),
                        new Utf8JsonBuffer(8).string(text).toByteArray()));
    }
}
