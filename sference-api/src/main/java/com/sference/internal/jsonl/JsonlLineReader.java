package com.sference.internal.jsonl;

import com.sference.JsonlException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a file's physical lines as bytes, one line at a time, counting them and refusing a line
 * longer than a maximum as soon as its first byte past the maximum is read, so a line is never
 * buffered: {@link StrictJsonReader} reads it byte by byte from a 64 KiB window of the file.
 *
 * <p>A line ends at {@code \n}, {@code \r\n} or a lone {@code \r} (as in {@code BufferedReader}
 * and Python's text files, so line numbers agree with the Python SDK's); a final line needs no
 * terminator. A UTF-8 byte order mark ({@code EF BB BF}) at the very start of the input is
 * skipped; a line's length and byte offsets count from after it and exclude the terminator.
 *
 * <p>{@link #ofText(byte[])} reads a JSON text held in memory as one line in which {@code \n} and
 * {@code \r} are ordinary bytes (JSON whitespace).
 */
final class JsonlLineReader implements Closeable {
    /** What {@link #read()} returns at the end of a line. */
    static final int END = -1;
    private static final int WINDOW = 64 * 1024;
    private static final long UNLIMITED = Long.MAX_VALUE / 4;

    private final Path path;
    private final InputStream in;
    private final long maxLineBytes;
    private final boolean splitLines;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** Where {@link #read()} must take the slow path: the end of the window or the line's maximum. */
    private int stop;
    private boolean endOfInput;
    /** The offset in the input of {@code buffer[0]}. */
    private long bufferStart;
    /** The offset in the input of the current line's first byte. */
    private long lineStart;
    private long lineNumber;

    /**
     * @param path the file, named in errors, or {@code null}
     * @param in the bytes, closed by {@link #close()}
     * @param maxLineBytes the longest line allowed, in bytes without its terminator
     */
    JsonlLineReader(Path path, InputStream in, long maxLineBytes) {
        this(path, Objects.requireNonNull(in, "in"), new byte[WINDOW], 0, maxLineBytes, true);
    }

    private JsonlLineReader(Path path, InputStream in, byte[] buffer, int limit, long maxLineBytes, boolean splitLines) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1: " + maxLineBytes);
        }
        this.path = path;
        this.in = in;
        this.buffer = buffer;
        this.limit = limit;
        this.endOfInput = in == null;
        this.maxLineBytes = Math.min(maxLineBytes, UNLIMITED);
        this.splitLines = splitLines;
    }

    /**
     * {@return a reader of {@code path}}
     *
     * @param maxLineBytes the longest line allowed, in bytes without its terminator
     * @throws IOException if the file cannot be opened
     */
    static JsonlLineReader open(Path path, long maxLineBytes) throws IOException {
        return new JsonlLineReader(path, Files.newInputStream(path), maxLineBytes);
    }

    /** {@return a reader of {@code utf8} as one line without a length limit, which may hold line breaks} */
    static JsonlLineReader ofText(byte[] utf8) {
        return new JsonlLineReader(null, null, utf8, utf8.length, Long.MAX_VALUE, false);
    }

    /** {@return the file, or {@code null} for a text} */
    Path path() {
        return path;
    }

    /** {@return the 1-based number of the current line, 0 before the first} */
    long lineNumber() {
        return lineNumber;
    }

    /** {@return what the input is called in messages: "file", or "text" for {@link #ofText(byte[])}} */
    String inputName() {
        return splitLines ? "file" : "text";
    }

    /** {@return what the end of a line is called in messages} */
    String endName() {
        return splitLines ? "the end of the line" : "the end of the text";
    }

    /**
     * Moves to the next line, skipping what is left of the current one.
     *
     * @return whether there is a next line
     * @throws IOException if reading fails
     */
    boolean nextLine() throws IOException {
        if (lineNumber == 0) {
            skipByteOrderMark();
        } else if (!splitLines || !skipToNextLine()) {
            return false;
        }
        if (position == limit && !fill()) {
            return false;
        }
        lineNumber++;
        lineStart = bufferStart + position;
        updateStop();
        return true;
    }

    /**
     * {@return the next byte of the current line (0 to 255), or {@link #END} at its end}
     *
     * @throws JsonlException if the line is longer than the maximum (naming this line)
     * @throws IOException if reading fails
     */
    int read() throws IOException {
        if (position >= stop) {
            return slowRead();
        }
        byte b = buffer[position];
        if ((b == '\n' || b == '\r') && splitLines) {
            return END;
        }
        position++;
        return b & 0xff;
    }

    /** {@return the offset in the current line of the byte {@link #read()} returns next} */
    long offset() {
        return bufferStart + position - lineStart;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    private int slowRead() throws IOException {
        while (position == limit) {
            if (!fill()) {
                return END;
            }
            if (position < stop) {
                return read();
            }
        }
        // The byte at the maximum: a terminator ends a line of exactly the maximum; any other is one too many.
        byte b = buffer[position];
        if ((b == '\n' || b == '\r') && splitLines) {
            return END;
        }
        throw new JsonlException(path, lineNumber, "the line is longer than the maximum of " + maxLineBytes
                + " bytes (maxJsonlLineBytes)");
    }

    /** {@return whether input follows the rest of the line and its terminator, which this skips} */
    private boolean skipToNextLine() throws IOException {
        while (true) {
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    return position < limit || fill();
                }
                if (b == '\r') {
                    if (position == limit && !fill()) {
                        return false;
                    }
                    if (buffer[position] == '\n') {
                        position++;
                    }
                    return position < limit || fill();
                }
            }
            if (!fill()) {
                return false;
            }
        }
    }

    private void skipByteOrderMark() throws IOException {
        if (in != null) {
            while (limit < 3 && !endOfInput) {
                int count = in.read(buffer, limit, buffer.length - limit);
                if (count < 0) {
                    endOfInput = true;
                } else {
                    limit += count;
                }
            }
        }
        if (limit >= 3 && buffer[0] == (byte) 0xef && buffer[1] == (byte) 0xbb && buffer[2] == (byte) 0xbf) {
            position = 3;
        }
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int count;
        do {
            count = in.read(buffer, 0, buffer.length);
        } while (count == 0);
        if (count < 0) {
            endOfInput = true;
            return false;
        }
        bufferStart += limit;
        position = 0;
        limit = count;
        updateStop();
        return true;
    }

    private void updateStop() {
        stop = (int) Math.min(limit, lineStart + maxLineBytes - bufferStart);
    }
}
