package com.sference.internal.jsonl;

import com.sference.JsonlException;
import com.sference.internal.jsonl.BatchEntry.Slice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of {@code POST /v1/batches} for a workload file, generated as they are read: when its
 * buffer is empty the stream parses the next lines of the file and encodes them, about 16 KiB at a
 * time. No thread, and memory bounded by the longest line, which is parsed straight from the file
 * into one buffer and served from there without another copy.
 *
 * <p>The file was validated and measured beforehand. If it changed since, and a line is now
 * invalid or the body no longer has the length or the request count that was declared, reading
 * throws an {@link IOException} naming the file (and the line, when one is at fault).
 */
final class BatchBodyStream extends InputStream {
    static final String PREFIX = "{\"window\":\"24h\",\"requests\":[";
    static final String SUFFIX = "]}";
    private static final int CHUNK = 16 * 1024;
    /** A slice of an entry longer than this is served from the parser's buffer rather than copied. */
    private static final int COPY_LIMIT = 4 * 1024;

    private enum Phase { START, REQUESTS, END, CLOSED }

    private final Path file;
    private final JsonlLineReader reader;
    private final JsonlLineParser parser;
    private final long expectedRequests;
    private final long expectedLength;

    /** Small parts of entries, copied. */
    private final Utf8JsonBuffer chunk = new Utf8JsonBuffer(CHUNK + COPY_LIMIT + 1024);
    /** What the current fill serves, in order: regions of {@link #chunk} and long slices of entries. */
    private final List<Slice> segments = new ArrayList<>();
    private final Segments sink = new Segments();
    private int segment;
    private int position;
    private Phase phase = Phase.START;
    private long requests;
    private long produced;
    private IOException failure;

    /**
     * Opens {@code file}.
     *
     * @param model the caller's model, or {@code null}
     * @param maxLineBytes the longest line allowed
     * @param expectedRequests how many requests validation found
     * @param expectedLength the body length validation computed
     * @throws IOException if the file cannot be opened
     */
    BatchBodyStream(Path file, String model, long maxLineBytes, long expectedRequests, long expectedLength)
            throws IOException {
        this.file = file;
        this.reader = JsonlLineReader.open(file, maxLineBytes);
        this.parser = new JsonlLineParser(file, model, maxLineBytes);
        this.expectedRequests = expectedRequests;
        this.expectedLength = expectedLength;
    }

    @Override
    public int read() throws IOException {
        if (!ensureAvailable()) {
            return -1;
        }
        Slice current = segments.get(segment);
        return current.buffer().byteAt(current.start() + position++);
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
        Slice current = segments.get(segment);
        int count = Math.min(length, current.length() - position);
        current.buffer().copyTo(current.start() + position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return phase == Phase.CLOSED || segment >= segments.size() ? 0 : segments.get(segment).length() - position;
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
        while (segment == segments.size() || position == segments.get(segment).length()) {
            if (segment < segments.size()) {
                segment++;
                position = 0;
                continue;
            }
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

    /**
     * Generates the next segments: entries until about {@link #CHUNK} bytes, or up to the first
     * entry with a long slice, which stays in the parser's buffer and must be read before the
     * parser reads another line.
     */
    private void fill() throws IOException {
        chunk.clear();
        segments.clear();
        segment = 0;
        position = 0;
        sink.start();
        if (phase == Phase.START) {
            chunk.ascii(PREFIX);
            phase = Phase.REQUESTS;
        }
        while (sink.size() < CHUNK && !sink.kept) {
            BatchEntry entry = nextEntry();
            if (entry == null) {
                chunk.ascii(SUFFIX);
                phase = Phase.END;
                break;
            }
            if (requests > 0) {
                chunk.put(',');
            }
            entry.writeTo(sink);
            requests++;
            if (produced + sink.size() > expectedLength) {
                throw changed("the body is now longer than the " + expectedLength + " bytes declared");
            }
        }
        sink.finish();
        produced += sink.size();
        if (phase == Phase.END && (requests != expectedRequests || produced != expectedLength)) {
            throw changed("it now has " + requests + " requests in " + produced + " bytes, not "
                    + expectedRequests + " in " + expectedLength);
        }
    }

    private BatchEntry nextEntry() throws IOException {
        try {
            while (reader.nextLine()) {
                BatchEntry entry = parser.parse(reader);
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

    /** Copies short parts into {@link #chunk} and keeps long slices as segments of their own. */
    private final class Segments implements BatchEntry.Sink {
        private int mark;
        private long keptBytes;
        boolean kept;

        void start() {
            mark = 0;
            keptBytes = 0;
            kept = false;
        }

        /** {@return how many bytes this fill has generated so far} */
        long size() {
            return chunk.size() + keptBytes;
        }

        @Override
        public void write(byte[] bytes) {
            chunk.append(bytes);
        }

        @Override
        public void write(Slice slice) {
            if (slice.length() <= COPY_LIMIT) {
                chunk.append(slice.buffer(), slice.start(), slice.end());
                return;
            }
            finish();
            segments.add(slice);
            keptBytes += slice.length();
            kept = true;
        }

        /** Ends the region of {@link #chunk} written since the last long slice. */
        void finish() {
            if (chunk.size() > mark) {
                segments.add(new Slice(chunk, mark, chunk.size()));
                mark = chunk.size();
            }
        }
    }
}
