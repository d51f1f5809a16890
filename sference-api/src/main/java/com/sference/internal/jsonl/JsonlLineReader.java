package com.sference.internal.jsonl;

import com.sference.JsonlException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file's physical lines one at a time, decoding each as strict UTF-8 and counting them.
 *
 * <p>A line ends at {@code \n}, {@code \r\n} or a lone {@code \r} (as in {@code BufferedReader}
 * and Python's text files, so line numbers agree with the Python SDK's); a final line needs no
 * terminator. A UTF-8 byte order mark at the start of the file is dropped. Memory is bounded by the
 * longest line, not by the file.
 */
final class JsonlLineReader implements Closeable {
    private final Path path;
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean skipLineFeed;

    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineNumber;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(1024);

    private JsonlLineReader(Path path, InputStream in) {
        this.path = path;
        this.in = in;
    }

    /**
     * {@return a reader of {@code path}}
     *
     * @throws IOException if the file cannot be opened
     */
    static JsonlLineReader open(Path path) throws IOException {
        return new JsonlLineReader(path, Files.newInputStream(path));
    }

    /** {@return the 1-based number of the line last returned by {@link #next()}, 0 before the first} */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * {@return the next line without its terminator, or {@code null} at the end of the file}
     *
     * @throws JsonlException if the line is not valid UTF-8 (naming this line)
     * @throws IOException if reading fails
     */
    String next() throws IOException {
        if (skipLineFeed) {
            skipLineFeed = false;
            if (position == limit && !fill()) {
                return null;
            }
            if (buffer[position] == '\n') {
                position++;
            }
        }
        lineLength = 0;
        boolean started = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!started) {
                    return null;
                }
                break;
            }
            started = true;
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                skipLineFeed = buffer[position++] == '\r';
                break;
            }
        }
        lineNumber++;
        String text = decode();
        if (lineNumber == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int count;
        do {
            count = in.read(buffer, 0, buffer.length);
        } while (count == 0);
        if (count < 0) {
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }

    private void append(int start, int length) {
        if (lineLength + length > line.length) {
            long wanted = Math.max((long) lineLength + length, line.length * 2L);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new JsonlException(path, lineNumber + 1, "line is too long");
            }
            line = Arrays.copyOf(line, (int) wanted);
        }
        System.arraycopy(buffer, start, line, lineLength, length);
        lineLength += length;
    }

    private String decode() {
        // UTF-8 never decodes to more chars than it has bytes.
        if (chars.capacity() < lineLength) {
            chars = CharBuffer.allocate(Math.max(lineLength, chars.capacity() * 2));
        }
        chars.clear();
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int at = bytes.position();
            StringBuilder bad = new StringBuilder();
            for (int i = 0; i < result.length() && at + i < lineLength; i++) {
                bad.append(i == 0 ? "" : " ").append(String.format("0x%02X", line[at + i] & 0xff));
            }
            throw new JsonlException(path, lineNumber,
                    "invalid UTF-8 at byte offset " + at + " of the line (" + bad + ")");
        }
        if (result.isOverflow()) {
            throw new IllegalStateException("decoder overflow despite a buffer as large as the line");
        }
        chars.flip();
        return chars.toString();
    }
}
