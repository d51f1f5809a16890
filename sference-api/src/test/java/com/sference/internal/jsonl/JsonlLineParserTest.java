package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sference.JsonlException;
import com.sference.model.InferenceRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlLineParserTest {
    private static final Path FILE = Path.of("work.jsonl");
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";

    private final JsonlLineParser withModel = new JsonlLineParser(FILE, "m");
    private final JsonlLineParser withoutModel = new JsonlLineParser(FILE, null);

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\t", " \u2003 ", "\u000b"})
    void skipsBlankLines(String line) {
        assertNull(withModel.parse(1, line));
    }

    @Test
    void makesAContentLineAOneMessageChatForTheCallersModel() {
        InferenceRequest request = withModel.parse(9, "  {\"content\":\"Hi\"}\t").toRequest();

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
        assertEquals(customId, withModel.parse(4, line).customId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "\"custom_id\":\"x\",|x",
        "\"custom_id\":\"\",|''",
        "\"custom_id\":null,|NULL",
        "|NULL"})
    void keepsTheCustomIdOfABatchLine(String idMember, String customId) {
        BatchEntry entry = withoutModel.parse(1, "{" + (idMember == null ? "" : idMember) + CHAT + ",\"body\":{\"model\":\"q\"}}");

        assertEquals(customId, entry.customId());
        assertEquals("{\"model\":\"q\"}", entry.body().toString());
    }

    @Test
    void countsBatchLinesThatIgnoreTheCallersModel() {
        withModel.parse(1, "{" + CHAT + ",\"body\":{\"model\":\"q\"}}");
        withModel.parse(2, "{\"content\":\"c\"}");
        withModel.parse(3, "{" + CHAT + ",\"body\":{\"model\":\"q\"},\"extra\":1}");
        withoutModel.parse(1, "{" + CHAT + ",\"body\":{\"model\":\"q\"}}");

        assertEquals(2, withModel.ignoredModelLines());
        assertEquals(0, withoutModel.ignoredModelLines());
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
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":[]}|\"body\" must be a JSON object, found an array",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{}}|\"body.model\" must be a non-empty string, found none",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":\"\"}}|\"body.model\" must be a non-empty string, found \"\"",
        "{\"method\":\"POST\",\"url\":\"u\",\"body\":{\"model\":5}}|\"body.model\" must be a non-empty string, found a number",
        "{\"method\":\"POST\",\"body\":{\"model\":\"q\"}}|an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing \"url\"",
        "{\"custom_id\":\"a\"}|unsupported line: expected an OpenAI batch line {\"custom_id\",\"method\",\"url\",\"body\"} or a content line {\"content\",\"custom_id\"}",
        "[{\"content\":\"c\"}]|expected a JSON object, found an array",
        "\"{}\"|expected a JSON object, found a string"})
    void rejectsLinesOutsideTheTwoFormatsWithTheirLine(String line, String reason) {
        JsonlException e = assertThrows(JsonlException.class, () -> withModel.parse(12, line));

        assertEquals(FILE, e.path());
        assertEquals(12, e.line());
        assertEquals(reason, e.reason());
        assertEquals("work.jsonl:12: " + reason, e.getMessage());
    }

    @Test
    void countsColumnsFromTheStartOfTheLineNotOfItsJson() {
        JsonlException e = assertThrows(JsonlException.class, () -> withModel.parse(5, " \u2003\t{\"content\":\"c\",}"));

        assertEquals("work.jsonl:5: malformed JSON: Expected name at column 20 (at $.content)", e.getMessage());
    }

    @Test
    void rejectsAContentLineWithoutCallerModel() {
        JsonlException e = assertThrows(JsonlException.class, () -> withoutModel.parse(3, "{\"content\":\"c\"}"));

        assertEquals("work.jsonl:3: a content line needs a model, and none was given", e.getMessage());
    }

    @Test
    void reportsMalformedJsonWithTheFileLineAndKeepsTheCause() {
        JsonlException e = assertThrows(JsonlException.class, () -> withModel.parse(5, "{\"content\":\"c\",}"));

        assertEquals("work.jsonl:5: malformed JSON: Expected name at column 17 (at $.content)", e.getMessage());
        assertEquals(com.google.gson.JsonSyntaxException.class, e.getCause().getClass());
    }
}
