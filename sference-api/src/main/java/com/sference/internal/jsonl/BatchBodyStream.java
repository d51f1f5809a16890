package com.sference.internal.jsonl;

import com.sference.JsonlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of {@code POST /v1/batches} for a workload file, generated as they are read: when its
 * buffer is empty the stream parses the next lines of the file and encodes them, about 16 KiB at a
 * time. No thread, and memory bounded by the longest line.
 *
 * <p>The file was validated and measured beforehand. If it changed since, and a line is now
 * invalid or the body no longer has the length or the request count that was declared, reading
 * throws an {@link IOException} naming the file (and the line, when one is at fault).
 */
final class BatchBodyStream extends InputStream {
    static final String PREFIX = "{\"window\":\"24h\",\"requests\":[";
    static final String SUFFIX = "]}";
    private static final int CHUNK = 16 * 1024;

    private enum Phase { START, REQUESTS, END, CLOSED }

    private final Path file;
    private final JsonlLineReader reader;
    private final JsonlLineParser parser;
    private final long expectedRequests;
    private final long expectedLength;

    private final Utf8JsonBuffer chunk = new Utf8JsonBuffer(CHUNK + 1024);
    private int position;
    private Phase phase = Phase.START;
    private long requests;
    private long produced;
    private IOException failure;

    /**
     * Opens {@code file}.
     *
     * @param model the caller's model, or {@code null}
     * @param expectedRequests how many requests validation found
     * @param expectedLength the body length validation computed
     * @throws IOException if the file cannot be opened
     */
    BatchBodyStream(Path file, String model, long expectedRequests, long expectedLength) throws IOException {
        this.file = file;
        this.reader = JsonlLineReader.open(file);
        this.parser = new JsonlLineParser(file, model);
        this.expectedRequests = expectedRequests;
        this.expectedLength = expectedLength;
    }

    @Override
    public int read() throws IOException {
        if (!ensureAvailable()) {
            return -1;
        }
        return chunk.byteAt(position++);
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int count = Math.min(length, chunk.size() - position);
        chunk.copyTo(position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return phase == Phase.CLOSED ? 0 : chunk.size() - position;
    }

    @Override
    public void close() throws IOException {
        if (phase != Phase.CLOSED) {
            phase = Phase.CLOSED;
            reader.close();
        }
    }

    /** {@return whether unread bytes are buffered, generating the next chunk if needed} */
    private boolean ensureAvailable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (phase == Phase.CLOSED) {
            throw new IOException("stream closed");
        }
        while (position == chunk.size()) {
            if (phase == Phase.END) {
                return false;
            }
            try {
                fill();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
        return true;
    }

    private void fill() throws IOException {
        chunk.clear();
        position = 0;
        if (phase == Phase.START) {
            chunk.ascii(PREFIX);
            phase = Phase.REQUESTS;
        }
        while (chunk.size() < CHUNK) {
            BatchEntry entry = nextEntry();
            if (entry == null) {
                chunk.ascii(SUFFIX);
                phase = Phase.END;
                break;
            }
            if (requests > 0) {
                chunk.ascii(",");
            }
            entry.writeTo(chunk);
            requests++;
            if (produced + chunk.size() > expectedLength) {
                throw changed("the body is now longer than the " + expectedLength + " bytes declared");
            }
        }
        produced += chunk.size();
        if (phase == Phase.END && (requests != expectedRequests || produced != expectedLength)) {
            throw changed("it now has " + requests + " requests in " + produced + " bytes, not "
                    + expectedRequests + " in " + expectedLength);
        }
    }

    private BatchEntry nextEntry() throws IOException {
        try {
            String line;
            while ((line = reader.next()) != null) {
                BatchEntry entry = parser.parse(reader.lineNumber(), line);
                if (entry != null) {
                    return entry;
                }
            }
            return null;
        } catch (JsonlException e) {
            throw new IOException("the workload changed after it was validated: " + e.getMessage(), e);
        }
    }

    private IOException changed(String what) {
        return new IOException("the workload " + file + " changed after it was validated: " + what);
    }
}
