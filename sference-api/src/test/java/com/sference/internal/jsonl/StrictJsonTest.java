package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":Infinity}", "[1,]", "{\"a\":1,}", "{\"a\":01}",
        "{\"a\":1} {}", "{\"a\":1} x", "{\"a\":1}//c", "{\"a\":\"\\x\"}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":TRUE}", "{\"a\":1 \"b\":2}"})
    void rejectsWhatStrictJsonDoesNotAllow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(text));

        assertTrue(e.getMessage().startsWith("malformed JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("setStrictness"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertInstanceOf(Exception.class, e.getCause());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":\"x|malformed JSON: Unterminated string at column 8 (at $.a)",
        "{'a':1}|malformed JSON: invalid syntax at column 3 (at $.)",
        "{\"a\":1} x|malformed JSON: unexpected text after the JSON value at column 10",
        "{\"a\":|malformed JSON: End of input at column 6 (at $.a)"})
    void describesTheProblemByColumn(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(text));

        assertEquals(message, e.getMessage());
        assertNotNull(e.getCause(), "Gson's exception is kept as the cause");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\" : [1, 2.0, -0, 1e5, true, null, \"\\u00e9\\/\"]} ", "[]", "\"s\"", "0"})
    void acceptsStrictJson(String text) {
        StrictJson.parse(text);
    }
}
