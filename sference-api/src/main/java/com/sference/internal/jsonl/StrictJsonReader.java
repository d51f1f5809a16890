package com.sference.internal.jsonl;

import com.sference.JsonlException;
import java.io.IOException;

/**
 * Reads one JSON text from a {@link JsonlLineReader} byte by byte, checking it against RFC 8259
 * as it goes and writing what it reads, in canonical form, to the {@link Utf8JsonBuffer} the caller
 * gives (or nowhere, for {@code null}). There is no tree and no second pass: a line is read once.
 *
 * <p>Refused, as not JSON that every server reads the same way: comments, single quotes, unquoted
 * names, {@code NaN}, leading zeros, trailing commas, raw control characters in strings, unpaired
 * surrogate escapes, invalid UTF-8, a byte order mark (U+FEFF) anywhere a token is expected,
 * nesting deeper than {@value #MAX_DEPTH} levels (Gson's limit), text after the value, and a
 * duplicate member name in any object (which of its values a server takes is undefined). Names
 * are compared after escapes are resolved, so {@code "a"} and <code>"&#92;u0061"</code> are duplicates.
 * Around the value (not inside it) any {@link Character#isWhitespace(int) Java whitespace} is
 * allowed, as {@link String#strip()} removes it.
 *
 * <p>Canonical form: no whitespace; strings with escapes resolved except those JSON requires
 * ({@code \"}, {@code \\}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code \t}, and
 * <code>&#92;u00XX</code> for other controls), as {@link Utf8JsonBuffer#string(String)} writes them;
 * numbers and member order as written. It is never longer than what was read.
 *
 * <p>Errors are {@link JsonlException}s naming the file and line. Their messages give the 1-based
 * column at which the bad token starts, counted in characters (Unicode code points, not bytes or
 * UTF-16 units) from the start of the line, and the JSON path of the value being read, as
 * {@code $.body.messages[0].content} (names that are not identifiers as {@code ["a b"]}).
 */
final class StrictJsonReader {
    /** The deepest nesting of objects and arrays allowed. */
    static final int MAX_DEPTH = 255;
    private static final int END = JsonlLineReader.END;
    private static final int MAX_SHOWN = 32;
    private static final int MAX_NAME_SHOWN = 64;
    private static final String BOM_RULE = "a byte order mark is allowed only at the very start of the ";

    /** What a JSON value is, as named in messages. */
    enum Kind {
        OBJECT("an object"), ARRAY("an array"), STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"),
        NULL("null");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** {@return the kind as in "found an array"} */
        String description() {
            return description;
        }
    }

    private final KeySet names = new KeySet();
    private final boolean[] objects = new boolean[MAX_DEPTH + 1];
    /** By depth: for an object, the current member's name (see {@link KeySet}) or 0; for an array, the element's index. */
    private final int[] members = new int[MAX_DEPTH + 1];
    private final boolean[] empty = new boolean[MAX_DEPTH + 1];
    private final char[] shown = new char[MAX_SHOWN];
    private int shownLength;
    private boolean shownTruncated;

    private JsonlLineReader in;
    private Utf8JsonBuffer out;
    /** The byte under the cursor, already read from {@link #in}; {@link JsonlLineReader#END} at the end. */
    private int c;
    /** UTF-8 continuation bytes read on this line, to turn byte offsets into columns. */
    private long continuations;
    private int depth;

    /**
     * Starts reading the current line of {@code line}.
     *
     * @param out where the methods that take {@code write} write what they read, or {@code null}
     */
    void begin(JsonlLineReader line, Utf8JsonBuffer out) throws IOException {
        in = line;
        this.out = out;
        depth = 0;
        continuations = 0;
        names.clear(out);
        c = in.read();
    }

    /** {@return whether the line is blank} Skips the whitespace before the value. */
    boolean blank() throws IOException {
        skipOuterWhitespace(false);
        return c == END;
    }

    /** {@return the kind of the value that starts here} */
    Kind kind() throws IOException {
        skipWhitespace();
        switch (c) {
            case '{':
                return Kind.OBJECT;
            case '[':
                return Kind.ARRAY;
            case '"':
                return Kind.STRING;
            case 't':
            case 'f':
                return Kind.BOOLEAN;
            case 'n':
                return Kind.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return Kind.NUMBER;
                }
                throw unexpected("a value", true);
        }
    }

    /**
     * Reads the value that starts here.
     *
     * @param write whether to write it, in canonical form, to the output buffer
     * @return its kind
     */
    Kind copyValue(boolean write) throws IOException {
        Kind kind = kind();
        Utf8JsonBuffer to = write ? out : null;
        switch (kind) {
            case OBJECT -> {
                beginObject(write);
                while (nextMember(write)) {
                    copyValue(write);
                }
            }
            case ARRAY -> copyArray(write);
            case STRING -> copyString(to);
            case NUMBER -> copyNumber(to);
            case BOOLEAN -> literal(c == 't' ? "true" : "false", to);
            case NULL -> literal("null", to);
        }
        return kind;
    }

    /** Reads the opening brace of the object that starts here (see {@link #kind()}), writing it if {@code write}. */
    void beginObject(boolean write) throws IOException {
        skipWhitespace();
        if (c != '{') {
            throw unexpected("'{'", true);
        }
        push(true);
        names.open(depth, write);
        if (write) {
            out.put('{');
        }
        c = in.read();
    }

    /**
     * Moves to the next member of the innermost object, reading its name and colon, or reads the
     * object's closing brace. Writes what it reads if {@code write}, which must be as for
     * {@link #beginObject(boolean)}.
     *
     * @return whether there is a member, whose value is to be read next
     */
    boolean nextMember(boolean write) throws IOException {
        skipWhitespace();
        if (c == '}') {
            if (write) {
                out.put('}');
            }
            names.close(depth);
            depth--;
            c = in.read();
            return false;
        }
        if (!empty[depth]) {
            if (c != ',') {
                throw unexpected("',' or '}'", false);
            }
            if (write) {
                out.put(',');
            }
            members[depth] = 0;
            c = in.read();
            skipWhitespace();
        }
        empty[depth] = false;
        if (c != '"') {
            throw unexpected("a member name in double quotes", false);
        }
        long column = column();
        if (write) {
            out.put('"');
        }
        int name = names.next(depth);
        Utf8JsonBuffer target = names.target(depth);
        copyStringContent(target, column, true);
        target.put('"');
        if (!names.add(depth, name)) {
            String shown = names.name(name, MAX_NAME_SHOWN);
            throw error("duplicate key \"" + shown + "\" at column " + column + " (at " + path(false) + pathSegment(shown) + ")");
        }
        members[depth] = name;
        skipWhitespace();
        if (c != ':') {
            throw unexpected("':'", true);
        }
        if (write) {
            out.put(':');
        }
        c = in.read();
        skipWhitespace();
        return true;
    }

    /** {@return whether the current member of the innermost object is named {@code name} (ASCII)} */
    boolean nameIs(String name) {
        return names.is(members[depth], name);
    }

    /** {@return the name of the current member of the innermost object, JSON-escaped and shortened, for messages} */
    String name() {
        return names.name(members[depth], MAX_NAME_SHOWN);
    }

    /** Checks that only whitespace follows the value, up to the end of the line. */
    void end() throws IOException {
        skipOuterWhitespace(true);
        if (c != END) {
            long column = column();
            throw error("malformed JSON: unexpected " + describe(c) + " after the JSON value at column " + column);
        }
    }

    // ---------------------------------------------------------------- values

    private void copyArray(boolean write) throws IOException {
        push(false);
        if (write) {
            out.put('[');
        }
        c = in.read();
        skipWhitespace();
        if (c != ']') {
            while (true) {
                copyValue(write);
                skipWhitespace();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw unexpected("',' or ']'", false);
                }
                if (write) {
                    out.put(',');
                }
                members[depth]++;
                c = in.read();
            }
        }
        if (write) {
            out.put(']');
        }
        depth--;
        c = in.read();
    }

    private void copyString(Utf8JsonBuffer to) throws IOException {
        long column = column();
        if (to != null) {
            to.put('"');
        }
        copyStringContent(to, column, false);
        if (to != null) {
            to.put('"');
        }
    }

    /** Reads a string from its opening quote (under the cursor) to its closing one, writing its content. */
    private void copyStringContent(Utf8JsonBuffer to, long column, boolean isName) throws IOException {
        while (true) {
            int b = in.read();
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                escape(to, column, isName);
            } else if (b < 0x20) {
                if (b == END) {
                    throw unterminated(column, isName);
                }
                throw error("malformed JSON: unescaped control character " + codePoint(b) + " in a string at column "
                        + (in.offset() - continuations) + " (at " + path(true) + ")");
            } else if (b < 0x80) {
                if (to != null) {
                    to.put(b);
                }
            } else {
                decode(b, to);
            }
        }
        c = in.read();
    }

    private void escape(Utf8JsonBuffer to, long stringColumn, boolean isName) throws IOException {
        long column = in.offset() - continuations;
        int e = in.read();
        int unit;
        switch (e) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> unit = switch (e) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> e;
            };
            case '/' -> unit = '/';
            case 'u' -> unit = hex4(column, stringColumn, isName);
            case END -> throw unterminated(stringColumn, isName);
            default -> throw error("malformed JSON: invalid escape sequence "
                    + (e > 0x20 && e < 0x7f ? "\"\\" + (char) e + "\"" : "'\\' followed by " + describe(e))
                    + " at column " + column + " (at " + path(true) + ")");
        }
        if (Character.isHighSurrogate((char) unit)) {
            int low = in.read() == '\\' && in.read() == 'u' ? hex4(column, stringColumn, isName) : -1;
            if (low < 0 || !Character.isLowSurrogate((char) low)) {
                throw unpaired(unit, column);
            }
            if (to != null) {
                to.codePoint(Character.toCodePoint((char) unit, (char) low));
            }
        } else if (Character.isLowSurrogate((char) unit)) {
            throw unpaired(unit, column);
        } else if (to != null) {
            to.codePoint(unit);
        }
    }

    private int hex4(long column, long stringColumn, boolean isName) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int h = in.read();
            int digit = h < 0x80 ? Character.digit(h, 16) : -1;
            if (digit < 0) {
                if (h == END) {
                    throw unterminated(stringColumn, isName);
                }
                String read = i == 0 ? "" : String.format("%0" + i + "x", value);
                throw error("malformed JSON: invalid escape sequence \"\\u" + read
                        + (h > 0x20 && h < 0x7f && h != '"' ? (char) h + "\"" : "\" followed by " + describe(h))
                        + " at column " + column + " (at " + path(true) + ")");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private void copyNumber(Utf8JsonBuffer to) throws IOException {
        long column = column();
        resetShown();
        int state = 0;
        boolean leadingZero = false;
        while (isNumberChar(c)) {
            boolean digit = c >= '0' && c <= '9';
            boolean exponent = c == 'e' || c == 'E';
            leadingZero |= state == 2 && digit;
            state = switch (state) {
                case 0 -> c == '-' ? 1 : c == '0' ? 2 : digit ? 3 : -1;
                case 1 -> c == '0' ? 2 : digit ? 3 : -1;
                case 2 -> c == '.' ? 4 : exponent ? 6 : -1;
                case 3 -> digit ? 3 : c == '.' ? 4 : exponent ? 6 : -1;
                case 4, 5 -> digit ? 5 : state == 5 && exponent ? 6 : -1;
                case 6 -> c == '+' || c == '-' ? 7 : digit ? 8 : -1;
                case 7, 8 -> digit ? 8 : -1;
                default -> -1;
            };
            show(c);
            if (to != null) {
                to.put(c);
            }
            c = in.read();
        }
        if (state != 2 && state != 3 && state != 5 && state != 8) {
            throw error("malformed JSON: invalid number \"" + shown() + "\"" + (leadingZero ? " (a leading zero)" : "")
                    + " at column " + column + " (at " + path(true) + ")");
        }
    }

    private void literal(String word, Utf8JsonBuffer to) throws IOException {
        long column = column();
        resetShown();
        int length = 0;
        boolean matches = true;
        while (isWordChar(c)) {
            matches &= length < word.length() && c == word.charAt(length);
            length++;
            show(c);
            c = in.read();
        }
        if (!matches || length != word.length()) {
            throw error("malformed JSON: expected a value but found \"" + shown() + "\" at column " + column
                    + " (at " + path(true) + ")");
        }
        if (to != null) {
            to.ascii(word);
        }
    }

    /**
     * Reads the rest of the UTF-8 sequence that {@code lead} (just read) starts, checking it as
     * RFC 3629 does (no overlong forms, no surrogates, nothing past U+10FFFF), and writes it.
     *
     * @return its code point
     */
    private int decode(int lead, Utf8JsonBuffer to) throws IOException {
        long offset = in.offset() - 1;
        int need;
        int low = 0x80;
        int high = 0xbf;
        int codePoint;
        if (lead >= 0xc2 && lead <= 0xdf) {
            need = 1;
            codePoint = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            need = 2;
            codePoint = lead & 0x0f;
            low = lead == 0xe0 ? 0xa0 : low;
            high = lead == 0xed ? 0x9f : high;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            need = 3;
            codePoint = lead & 0x07;
            low = lead == 0xf0 ? 0x90 : low;
            high = lead == 0xf4 ? 0x8f : high;
        } else {
            throw invalidUtf8(offset, lead, 0, 0, 0);
        }
        int b1 = in.read();
        if (b1 < low || b1 > high) {
            throw invalidUtf8(offset, lead, need, 1, b1);
        }
        codePoint = codePoint << 6 | (b1 & 0x3f);
        int b2 = 0;
        int b3 = 0;
        if (need > 1) {
            b2 = in.read();
            if ((b2 & 0xc0) != 0x80) {
                throw invalidUtf8(offset, lead, need, 2, b1 << 8 | (b2 & 0xff));
            }
            codePoint = codePoint << 6 | (b2 & 0x3f);
            if (need > 2) {
                b3 = in.read();
                if ((b3 & 0xc0) != 0x80) {
                    throw invalidUtf8(offset, lead, need, 3, b1 << 16 | b2 << 8 | (b3 & 0xff));
                }
                codePoint = codePoint << 6 | (b3 & 0x3f);
            }
        }
        if (to != null) {
            to.put(lead);
            to.put(b1);
            if (need > 1) {
                to.put(b2);
                if (need > 2) {
                    to.put(b3);
                }
            }
        }
        continuations += need;
        return codePoint;
    }

    /**
     * {@return the error for the sequence {@code lead} starts} Shows the lead byte and the
     * continuation bytes that follow it, up to the length the lead announces.
     *
     * @param read how many bytes after the lead were read, the last one being the bad one
     * @param bytes those bytes, the last in the low 8 bits
     */
    private JsonlException invalidUtf8(long offset, int lead, int need, int read, int bytes) throws IOException {
        StringBuilder text = new StringBuilder(String.format("0x%02X", lead));
        int shownBytes = 0;
        for (int i = read - 1; i >= 0; i--) {
            int b = (bytes >>> (8 * i)) & 0xff;
            if (i == 0 && (b & 0xc0) != 0x80) {
                break;
            }
            text.append(String.format(" 0x%02X", b));
            shownBytes++;
        }
        if (shownBytes == read) {
            for (int b; shownBytes < need && ((b = in.read()) & 0xc0) == 0x80; shownBytes++) {
                text.append(String.format(" 0x%02X", b));
            }
        }
        return error("invalid UTF-8 at byte offset " + offset + " of the line (" + text + ")");
    }

    // ---------------------------------------------------------------- whitespace and errors

    private void skipWhitespace() throws IOException {
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            c = in.read();
        }
    }

    /** Skips Java whitespace, which {@link String#strip()} would remove around the value. */
    private void skipOuterWhitespace(boolean afterValue) throws IOException {
        while (true) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c >= 0x1c && c <= 0x1f) {
                c = in.read();
            } else if (c >= 0x80) {
                long column = column();
                int codePoint = decode(c, null);
                if (!Character.isWhitespace(codePoint)) {
                    if (afterValue) {
                        throw error(codePoint == 0xfeff
                                ? "malformed JSON: unexpected byte order mark (U+FEFF) after the JSON value at column "
                                        + column + "; " + BOM_RULE + in.inputName()
                                : "malformed JSON: unexpected " + describe(codePoint) + " after the JSON value at column "
                                        + column);
                    }
                    throw unexpected("a value", column, codePoint, true);
                }
                c = in.read();
            } else {
                return;
            }
        }
    }

    private void push(boolean object) {
        if (depth == MAX_DEPTH) {
            throw error("malformed JSON: nesting deeper than " + MAX_DEPTH + " levels at column " + column()
                    + " (at " + path(true) + ")");
        }
        depth++;
        objects[depth] = object;
        members[depth] = 0;
        empty[depth] = true;
    }

    /** {@return the 1-based column of the byte under the cursor} */
    private long column() {
        return (c == END ? in.offset() : in.offset() - 1) - continuations + 1;
    }

    /** {@return the error for the character under the cursor, where {@code expected} should be} */
    private JsonlException unexpected(String expected, boolean current) throws IOException {
        long column = column();
        int found = c >= 0x80 ? decode(c, null) : c;
        return unexpected(expected, column, found, current);
    }

    private JsonlException unexpected(String expected, long column, int found, boolean current) throws IOException {
        String where = " at column " + column + " (at " + path(current) + ")";
        if (found == 0xfeff) {
            return error("malformed JSON: unexpected byte order mark (U+FEFF)" + where + "; " + BOM_RULE + in.inputName());
        }
        return error("malformed JSON: expected " + expected + " but found " + describe(found) + where);
    }

    private JsonlException unterminated(long column, boolean isName) {
        return error("malformed JSON: unterminated " + (isName ? "member name" : "string") + " starting at column "
                + column + " (at " + path(true) + ")");
    }

    private JsonlException unpaired(int unit, long column) {
        return error(String.format("malformed JSON: unpaired surrogate escape \"\\u%04x\" at column %d (at %s)",
                unit, column, path(true)));
    }

    /**
     * {@return {@code found} (the character under the cursor, or one just decoded) as shown in a
     * message} A letter or digit is shown with the rest of its word, which this reads.
     */
    private String describe(int found) throws IOException {
        if (found == END) {
            return in.endName();
        }
        if (isWordChar(found)) {
            resetShown();
            show(found);
            for (int b = in.read(); isWordChar(b); b = in.read()) {
                show(b);
                if (shownTruncated) {
                    break;
                }
            }
            return "\"" + shown() + "\"";
        }
        if (found == '\'') {
            return "\"'\"";
        }
        if (found > 0x20 && found < 0x7f) {
            return "'" + (char) found + "'";
        }
        return codePoint(found) + (visible(found) ? " '" + Character.toString(found) + "'" : "");
    }

    private static String codePoint(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    private static boolean visible(int codePoint) {
        if (codePoint < 0xa0 || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return false;
        }
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    /**
     * {@return the JSON path of the innermost value being read} With {@code current} false, that of
     * the innermost container, for a bad token between its members.
     */
    private String path(boolean current) {
        StringBuilder path = new StringBuilder("$");
        for (int level = 1; level <= depth; level++) {
            if (level == depth && !current) {
                break;
            }
            if (!objects[level]) {
                path.append('[').append(members[level]).append(']');
            } else if (members[level] != 0) {
                path.append(pathSegment(names.name(members[level], MAX_NAME_SHOWN)));
            }
        }
        return path.toString();
    }

    /** {@return {@code .name}, or {@code ["name"]} if the (canonical, escaped) name is not an identifier} */
    private static String pathSegment(String name) {
        boolean identifier = !name.isEmpty();
        for (int i = 0; i < name.length() && identifier; i++) {
            char ch = name.charAt(i);
            identifier = ch == '_' || ch == '$' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
                    || i > 0 && ch >= '0' && ch <= '9';
        }
        return identifier ? "." + name : "[\"" + name + "\"]";
    }

    private JsonlException error(String reason) {
        return new JsonlException(in.path(), in.lineNumber(), reason);
    }

    private void resetShown() {
        shownLength = 0;
        shownTruncated = false;
    }

    private void show(int ch) {
        if (shownLength < MAX_SHOWN) {
            shown[shownLength++] = (char) ch;
        } else {
            shownTruncated = true;
        }
    }

    private String shown() {
        return new String(shown, 0, shownLength) + (shownTruncated ? "\u2026" : "");
    }

    private static boolean isWordChar(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_';
    }

    private static boolean isNumberChar(int b) {
        return isWordChar(b) || b == '-' || b == '+' || b == '.';
    }
}
