package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonJsonTest {
    @Test
    void escapesEverythingButPrintableAsciiAsEnsureAsciiDoes() {
        StringBuilder out = new StringBuilder();
        PythonJson.writeString("a\"\\/\n\r\t\b\f\u0000\u001f\u007fé€😀~", out);
        assertEquals("\"a\\\"\\\\/\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\\u00e9\\u20ac\\ud83d\\ude00~\"", out.toString());
    }

    @Test
    void indentsByTwoAndSortsKeysByCodePoint() {
        JsonObject root = PythonJson.parse("{\"b\": [1, [], {}], \"a\": {\"z\": null, \"y\": true}, \"\uffff\": 1,"
                + " \"\ud83d\ude00\": 2}").getAsJsonObject();
        assertEquals("{\n"
                + "  \"a\": {\n"
                + "    \"y\": true,\n"
                + "    \"z\": null\n"
                + "  },\n"
                + "  \"b\": [\n"
                + "    1,\n"
                + "    [],\n"
                + "    {}\n"
                + "  ],\n"
                + "  \"\\uffff\": 1,\n"
                + "  \"\\ud83d\\ude00\": 2\n"
                + "}", PythonJson.dumps(root));
        assertEquals("{}", PythonJson.dumps(new JsonObject()));
    }

    @Test
    void codePointOrderPutsSupplementaryCharactersAfterTheWholeBmp() {
        List<String> keys = new ArrayList<>(List.of("\ud83d\ude00", "\uffff", "b", "a", "ab", ""));
        keys.sort(PythonJson.CODE_POINT_ORDER);
        assertEquals(List.of("", "a", "ab", "b", "\uffff", "\ud83d\ude00"), keys);
    }

    @Test
    void keepsTheTextOfNumbers() {
        assertEquals("[\n  1.50,\n  1e5,\n  -0\n]", PythonJson.dumps(PythonJson.parse("[1.50, 1e5, -0]")));
    }

    @Test
    void parsesOnlyStrictJson() {
        for (String text : List.of("", "{a: 1}", "{\"a\": 1,}", "// c\n{}", "{} x", "\"\u0001\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonJson.parse(text), text);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }
}
