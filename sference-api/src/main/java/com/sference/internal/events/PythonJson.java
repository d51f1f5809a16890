package com.sference.internal.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * JSON as Python's {@code json} module reads and writes the checkpoint file: {@link #parse} takes
 * strict RFC 8259 JSON, and {@link #dumps} writes what {@code json.dumps(value, indent=2,
 * sort_keys=True)} writes: keys sorted by code point, two spaces of indent a level, {@code ,}
 * at line ends and {@code ": "} after keys, and every character outside printable ASCII escaped
 * as a lower-case <code>&#92;uXXXX</code>, as {@code ensure_ascii} does.
 * Numbers keep the text they were read with.
 */
final class PythonJson {
    /** Python compares {@code str} keys by code point; {@code String.compareTo} compares UTF-16 units. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private static final String INDENT = "  ";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {}

    /**
     * {@return the one JSON value of {@code text}}
     *
     * @throws IllegalArgumentException if {@code text} is not exactly one strict JSON value
     */
    static JsonElement parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("no JSON value");
            }
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("text after the JSON value");
            }
            return value;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage());
            int newline = message.indexOf('\n');
            throw new IllegalArgumentException(newline < 0 ? message : message.substring(0, newline), e);
        }
    }

    /**
     * {@return {@code value} as {@code json.dumps(value, indent=2, sort_keys=True)} writes it},
     * without a newline at the end
     */
    static String dumps(JsonElement value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private static void write(JsonElement value, int level, StringBuilder out) {
        if (value.isJsonObject()) {
            writeObject(value.getAsJsonObject(), level, out);
        } else if (value.isJsonArray()) {
            writeArray(value.getAsJsonArray(), level, out);
        } else if (value.isJsonNull()) {
            out.append("null");
        } else {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            if (primitive.isString()) {
                writeString(primitive.getAsString(), out);
            } else {
                out.append(primitive.getAsString());
            }
        }
    }

    private static void writeObject(JsonObject object, int level, StringBuilder out) {
        if (object.size() == 0) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
        out.append('{');
        String separator = "";
        for (Map.Entry<String, JsonElement> entry : entries) {
            out.append(separator);
            newline(level + 1, out);
            writeString(entry.getKey(), out);
            out.append(": ");
            write(entry.getValue(), level + 1, out);
            separator = ",";
        }
        newline(level, out);
        out.append('}');
    }

    private static void writeArray(JsonArray array, int level, StringBuilder out) {
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        String separator = "";
        for (JsonElement element : array) {
            out.append(separator);
            newline(level + 1, out);
            write(element, level + 1, out);
            separator = ",";
        }
        newline(level, out);
        out.append(']');
    }

    private static void newline(int level, StringBuilder out) {
        out.append('\n');
        out.append(INDENT.repeat(level));
    }

    /** Python's {@code ensure_ascii} escaping: only printable ASCII stays as it is. */
    static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        out.append('"');
    }
}
