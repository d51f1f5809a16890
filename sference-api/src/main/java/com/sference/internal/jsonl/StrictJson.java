package com.sference.internal.jsonl;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one JSON text as RFC 8259 defines it, so that what the SDK sends is JSON to any server:
 * no comments, single quotes, unquoted names, {@code NaN}, trailing commas, raw control characters
 * in strings, unpaired surrogate escapes or text after the value. Gson's lenient default accepts
 * all of these.
 */
final class StrictJson {
    /** Gson ends its messages with " at line L column C path P", then a troubleshooting link. */
    private static final Pattern LOCATION = Pattern.compile("^(.*) at line \\d+ column (\\d+) path (\\S*)$");
    private static final String LENIENT_HINT = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    private StrictJson() {
    }

    /**
     * {@return the value of {@code text}}
     *
     * @throws IllegalArgumentException if {@code text} is not one strict JSON value; its message
     *     is for the user (it names the column, not Gson's line 1) and its cause is Gson's exception
     */
    static JsonElement parse(String text) {
        return parse(text, 0);
    }

    /**
     * {@return the value of {@code text}, which starts at column {@code offset + 1} of its line}
     *
     * @throws IllegalArgumentException as {@link #parse(String)} does, with columns of the line
     */
    static JsonElement parse(String text, int offset) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement value;
        try {
            value = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(describe(null, e, offset), e);
        }
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("malformed JSON: unexpected text after the JSON value");
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException(describe("unexpected text after the JSON value", e, offset), e);
        }
        return value;
    }

    private static String describe(String what, Exception e, int offset) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        Matcher location = LOCATION.matcher(message);
        if (!location.matches()) {
            return "malformed JSON: " + (what != null ? what : message);
        }
        String head = what != null ? what : location.group(1).replace(LENIENT_HINT, "invalid syntax");
        String path = location.group(3);
        return "malformed JSON: " + head + " at column " + (Integer.parseInt(location.group(2)) + offset)
                + (path.isEmpty() || path.equals("$") ? "" : " (at " + path + ")");
    }
}
