package com.sference.internal.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes compact JSON, encoded as UTF-8, into a growable byte array that can be cleared and reused.
 *
 * <p>Gson's {@code JsonWriter} is not used because it writes an unpaired surrogate as a raw char,
 * which UTF-8 cannot carry (the encoder would silently turn it into {@code ?}); this writer escapes
 * it as {@code \\uXXXX} instead. Other characters are written raw, except {@code "}, {@code \\}
 * and the controls below U+0020, which JSON requires to be escaped: this is the canonical form in
 * which the SDK sends strings, and {@link StrictJsonReader} writes what it reads in the same form.
 *
 * <p>The array grows by doubling up to an optional capacity limit, so that a buffer meant for one
 * line of at most N bytes never holds an array much larger than N.
 */
final class Utf8JsonBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int maxCapacity;
    private byte[] bytes;
    private int size;

    Utf8JsonBuffer(int initialCapacity) {
        this(initialCapacity, MAX_ARRAY);
    }

    /**
     * @param initialCapacity the array's first length
     * @param maxCapacity the longest array it may grow to; writing past it is an
     *     {@link IllegalStateException}
     */
    Utf8JsonBuffer(int initialCapacity, int maxCapacity) {
        this.maxCapacity = Math.min(MAX_ARRAY, Math.max(16, maxCapacity));
        bytes = new byte[Math.min(this.maxCapacity, Math.max(16, initialCapacity))];
    }

    /** Forgets what was written, keeping the array. */
    void clear() {
        size = 0;
    }

    /** Forgets what was written after the first {@code newSize} bytes. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException(newSize);
        }
        size = newSize;
    }

    /** {@return how many bytes were written} */
    int size() {
        return size;
    }

    /** {@return the length of the array, which grows as needed} */
    int capacity() {
        return bytes.length;
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
        return asString(0, size);
    }

    /** {@return the bytes from {@code start} to {@code end}, decoded} */
    String asString(int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** {@return a hash of the bytes from {@code start} to {@code end}} */
    int hash(int start, int end) {
        int hash = 0x811c9dc5;
        for (int i = start; i < end; i++) {
            hash = (hash ^ bytes[i]) * 0x01000193;
        }
        return hash ^ (hash >>> 16);
    }

    /** {@return whether the {@code length} bytes at {@code a} equal those at {@code b}} */
    boolean regionEquals(int a, int b, int length) {
        return Arrays.equals(bytes, a, a + length, bytes, b, b + length);
    }

    /** {@return whether the bytes from {@code start} to {@code end} are those of {@code other}} */
    boolean regionEquals(int start, int end, byte[] other) {
        return Arrays.equals(bytes, start, end, other, 0, other.length);
    }

    /** {@return whether the bytes from {@code start} to {@code end} are the ASCII {@code text}} */
    boolean regionEquals(int start, int end, String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends one byte. */
    void put(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    /** Appends {@code data}. */
    Utf8JsonBuffer append(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
        return this;
    }

    /** Appends the bytes from {@code start} to {@code end} of {@code from} (which may be this buffer). */
    Utf8JsonBuffer append(Utf8JsonBuffer from, int start, int end) {
        int length = end - start;
        ensure(length);
        System.arraycopy(from.bytes, start, bytes, size, length);
        size += length;
        return this;
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
        put('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint(Character.toCodePoint(c, text.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                codePoint(c);
            }
        }
        put('"');
        return this;
    }

    /**
     * Appends one character of a JSON string's content in canonical form: escaped if JSON requires
     * it, else as its UTF-8 bytes. {@code codePoint} must not be a surrogate.
     */
    void codePoint(int codePoint) {
        if (codePoint < 0x80) {
            asciiChar(codePoint);
            return;
        }
        ensure(4);
        if (codePoint < 0x800) {
            bytes[size++] = (byte) (0xc0 | (codePoint >> 6));
        } else {
            if (codePoint < 0x10000) {
                bytes[size++] = (byte) (0xe0 | (codePoint >> 12));
            } else {
                bytes[size++] = (byte) (0xf0 | (codePoint >> 18));
                bytes[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
            }
            bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
        }
        bytes[size++] = (byte) (0x80 | (codePoint & 0x3f));
    }

    private void asciiChar(int c) {
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
                    unicodeEscape((char) c);
                } else {
                    put(c);
                }
            }
        }
    }

    private void shortEscape(char c) {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = (byte) c;
    }

    private void unicodeEscape(char c) {
        ensure(6);
        bytes[size++] = '\\';
        bytes[size++] = 'u';
        bytes[size++] = HEX[(c >> 12) & 0xf];
        bytes[size++] = HEX[(c >> 8) & 0xf];
        bytes[size++] = HEX[(c >> 4) & 0xf];
        bytes[size++] = HEX[c & 0xf];
    }

    private void ensure(int more) {
        if (more > bytes.length - size) {
            grow(more);
        }
    }

    private void grow(int more) {
        long needed = (long) size + more;
        if (needed > maxCapacity) {
            throw new IllegalStateException("more than " + maxCapacity + " bytes to buffer: " + needed);
        }
        bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(maxCapacity, bytes.length * 2L)));
    }
}
