package com.sference.internal.jsonl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes compact JSON, encoded as UTF-8, into a growable byte array that can be cleared and reused.
 *
 * <p>Gson's {@code JsonWriter} is not used because it writes an unpaired surrogate as a raw char,
 * which UTF-8 cannot carry (the encoder would silently turn it into {@code ?}); this writer escapes
 * it as {@code \\uXXXX} instead. Numbers are written as the text they were parsed from, so
 * {@code 1} stays {@code 1} and {@code 1.0} stays {@code 1.0}. Other characters are written raw,
 * except {@code "}, {@code \\} and the controls below U+0020, which JSON requires to be escaped.
 */
final class Utf8JsonBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    Utf8JsonBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written, keeping the array. */
    void clear() {
        size = 0;
    }

    /** {@return how many bytes were written} */
    int size() {
        return size;
    }

    /** Copies {@code length} bytes from {@code offset} of what was written into {@code target}. */
    void copyTo(int offset, byte[] target, int targetOffset, int length) {
        System.arraycopy(bytes, offset, target, targetOffset, length);
    }

    /** {@return the byte at {@code index}, as an unsigned value} */
    int byteAt(int index) {
        return bytes[index] & 0xff;
    }

    /** {@return a copy of what was written} */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** {@return what was written, decoded} */
    String asString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** Appends {@code text}, which must be ASCII and already valid JSON syntax. */
    Utf8JsonBuffer ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends {@code text} as a quoted JSON string. */
    Utf8JsonBuffer string(String text) {
        // Worst case: every char becomes a six-byte escape; the two quotes on top.
        ensure(text.length() * 6L + 2);
        bytes[size++] = '"';
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                asciiChar(c);
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xc0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                bytes[size++] = (byte) (0xf0 | (codePoint >> 18));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
                bytes[size++] = (byte) (0x80 | (codePoint & 0x3f));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                bytes[size++] = (byte) (0xe0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                bytes[size++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        bytes[size++] = '"';
        return this;
    }

    /** Appends {@code value} as compact JSON. */
    Utf8JsonBuffer value(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return ascii("null");
        }
        if (value.isJsonObject()) {
            JsonObject object = value.getAsJsonObject();
            ascii("{");
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                if (!first) {
                    ascii(",");
                }
                first = false;
                string(member.getKey()).ascii(":").value(member.getValue());
            }
            return ascii("}");
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            ascii("[");
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    ascii(",");
                }
                value(array.get(i));
            }
            return ascii("]");
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isString()) {
            return string(primitive.getAsString());
        }
        if (primitive.isBoolean()) {
            return ascii(primitive.getAsBoolean() ? "true" : "false");
        }
        // A number parsed by Gson is a LazilyParsedNumber whose text is the literal as written
        // (strict parsing has checked it is a JSON number).
        return ascii(primitive.getAsNumber().toString());
    }

    private void asciiChar(char c) {
        switch (c) {
            case '"' -> shortEscape('"');
            case '\\' -> shortEscape('\\');
            case '\n' -> shortEscape('n');
            case '\r' -> shortEscape('r');
            case '\t' -> shortEscape('t');
            case '\b' -> shortEscape('b');
            case '\f' -> shortEscape('f');
            default -> {
                if (c < 0x20) {
                    unicodeEscape(c);
                } else {
                    bytes[size++] = (byte) c;
                }
            }
        }
    }

    private void shortEscape(char c) {
        bytes[size++] = '\\';
        bytes[size++] = (byte) c;
    }

    private void unicodeEscape(char c) {
        bytes[size++] = '\\';
        bytes[size++] = 'u';
        bytes[size++] = HEX[(c >> 12) & 0xf];
        bytes[size++] = HEX[(c >> 8) & 0xf];
        bytes[size++] = HEX[(c >> 4) & 0xf];
        bytes[size++] = HEX[c & 0xf];
    }

    private void ensure(long more) {
        long needed = size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a single request is too large to encode: " + needed + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, bytes.length * 2L)));
        }
    }
}
