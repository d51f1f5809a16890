package com.sference.internal.jsonl;

import com.sference.JsonlException;
import com.sference.model.InferenceRequest;
import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A validated JSONL workload file, and the body of {@code POST /v1/batches} built from it or from
 * an in-memory list of requests.
 *
 * <p>{@link #scan(Path, String)} reads the file once, line by line: it checks every line against the
 * contract's two formats, counts the requests and computes the exact length of the body.
 * {@link #body()} then regenerates that body from the file each time it is opened, so a workload of
 * a million lines is sent in memory bounded by its longest line.
 *
 * <p>The file is strict UTF-8; a byte order mark (U+FEFF) is allowed only as its very first
 * character, and is dropped. Lines end at {@code \n}, {@code \r\n} or {@code \r}, and are
 * numbered from 1, blank ones included. A line may be at most {@link #DEFAULT_MAX_LINE_BYTES}
 * (16 MiB) long, in bytes without its terminator, unless another maximum is given; a longer one is
 * refused as soon as its first byte past the maximum is read, so it is never held in memory. Each
 * non-blank line is one strict JSON object (RFC 8259: no comments, {@code NaN}, single quotes,
 * leading zeros, trailing commas or unpaired surrogate escapes; see {@link StrictJsonReader}) in
 * which no object, however deeply nested, has the same key twice, and it is either
 * <ul>
 *   <li>an OpenAI batch line, with all of {@code method}, {@code url} and {@code body} (other keys
 *       ignored): it becomes {@code (custom_id, body)}; {@code body} must be an object with a
 *       non-empty string {@code model}; or
 *   <li>a content line, {@code {"content": string, "custom_id"?: string|null}} and no other key:
 *       it needs the caller's model and becomes
 *       {@code {"model":model,"messages":[{"role":"user","content":content}]}}; an absent, null or
 *       empty {@code custom_id} becomes {@code request-<line>}.
 * </ul>
 * A {@code custom_id} that is neither a string nor null is an error (it is not turned into a
 * string). An absent {@code custom_id} of a batch line is sent as {@code "custom_id":null}. Bodies
 * are sent as compact UTF-8 JSON with their keys in order and their numbers as written.
 *
 * <p>An invalid workload is a {@link JsonlException} naming the file and the line, and nothing is
 * sent. A JSON error gives the column where the bad token starts, in characters (Unicode code
 * points) from 1 at the start of the line, and the JSON path of the value being read:
 * {@code work.jsonl:7: malformed JSON: expected a value but found "broken" at column 12 (at $.content)},
 * or {@code work.jsonl:9: duplicate key "model" at column 48 (at $.body.model)}.
 *
 * <pre>{@code
 * RequestBody body = JsonlWorkload.batchBody(Path.of("work.jsonl"), "Qwen/Qwen2.5-7B-Instruct");
 * // {"window":"24h","requests":[{"custom_id":"request-1","body":{"model":...,"messages":[...]}},...]}
 * }</pre>
 *
 * <p>When a model is given and some lines are OpenAI batch lines, which name their own model,
 * {@link #ignoredModelLines()} tells how many lines ignored it. If some of them name another model
 * than the one given, one warning of one line is logged to the {@code com.sference}
 * {@link System.Logger} per scan (so once per submit), with the model quoted as a JSON string.
 *
 * @since 0.1
 */
public final class JsonlWorkload {
    /** The longest line allowed by default: 16 MiB, in bytes without the line's terminator. */
    public static final long DEFAULT_MAX_LINE_BYTES = 16L * 1024 * 1024;
    /** The largest maximum line length that may be set: 1 GiB. */
    public static final long LIMIT_MAX_LINE_BYTES = 1L << 30;

    private static final System.Logger LOGGER = System.getLogger("com.sference");

    private final Path file;
    private final String model;
    private final long maxLineBytes;
    private final long requestCount;
    private final long ignoredModelLines;
    private final long contentLength;
    private final FileState state;

    private JsonlWorkload(Path file, String model, long maxLineBytes, long requestCount, long ignoredModelLines,
            long contentLength, FileState state) {
        this.file = file;
        this.model = model;
        this.maxLineBytes = maxLineBytes;
        this.requestCount = requestCount;
        this.ignoredModelLines = ignoredModelLines;
        this.contentLength = contentLength;
        this.state = state;
    }

    /**
     * Validates {@code file} and measures the batch body it makes, reading it once in bounded memory,
     * with lines of at most {@link #DEFAULT_MAX_LINE_BYTES}.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null} (an empty one counts as none)
     * @return the validated workload
     * @throws JsonlException if a line is invalid (naming its line), if there is no request (line
     *     0), or if the file cannot be read
     */
    public static JsonlWorkload scan(Path file, String model) {
        return scan(file, model, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Validates {@code file} and measures the batch body it makes, reading it once in memory
     * bounded by {@code maxLineBytes}.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null} (an empty one counts as none)
     * @param maxLineBytes the longest line allowed, in bytes without its terminator, from 1 to
     *     {@link #LIMIT_MAX_LINE_BYTES}
     * @return the validated workload
     * @throws JsonlException if a line is invalid or too long (naming its line), if there is no
     *     request (line 0), or if the file cannot be read
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range
     */
    public static JsonlWorkload scan(Path file, String model, long maxLineBytes) {
        Objects.requireNonNull(file, "file");
        checkMaxLineBytes(maxLineBytes);
        FileState before = FileState.of(file);
        JsonlLineParser parser = new JsonlLineParser(file, model, maxLineBytes);
        long requests = 0;
        long length = BatchBodyStream.PREFIX.length() + BatchBodyStream.SUFFIX.length();
        JsonlLineReader reader = null;
        try {
            reader = JsonlLineReader.open(file, maxLineBytes);
            while (reader.nextLine()) {
                BatchEntry entry = parser.parse(reader);
                if (entry != null) {
                    length += entry.length() + (requests > 0 ? 1 : 0);
                    requests++;
                }
            }
        } catch (IOException e) {
            throw cannotRead(file, reader == null ? 0 : reader.lineNumber(), e);
        } finally {
            closeQuietly(reader);
        }
        if (requests == 0) {
            throw new JsonlException(file, 0, "no requests");
        }
        if (!FileState.of(file).equals(before)) {
            throw new JsonlException(file, 0, "the file changed while it was being read");
        }
        warnIfModelIgnored(file, model, parser.otherModelLines());
        return new JsonlWorkload(file, model, maxLineBytes, requests, parser.ignoredModelLines(), length, before);
    }

    /**
     * {@return the replayable batch body of {@code file}} Equivalent to
     * {@code scan(file, model).body()}.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null}
     * @throws JsonlException if the workload is invalid or cannot be read
     */
    public static RequestBody batchBody(Path file, String model) {
        return scan(file, model).body();
    }

    /**
     * {@return the replayable batch body of {@code file}} Equivalent to
     * {@code scan(file, model, maxLineBytes).body()}.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null}
     * @param maxLineBytes the longest line allowed, in bytes without its terminator
     * @throws JsonlException if the workload is invalid or cannot be read
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range
     */
    public static RequestBody batchBody(Path file, String model, long maxLineBytes) {
        return scan(file, model, maxLineBytes).body();
    }

    /**
     * {@return the replayable batch body of {@code requests}, built in memory}
     *
     * @param requests the requests, in order; each body is re-encoded as compact JSON
     * @throws IllegalArgumentException if {@code requests} is empty, or a body is not the strict JSON
     *     a workload line must be: an object with a duplicate key, say, which {@link InferenceRequest}
     *     accepts (the message names the key, its column and its path)
     */
    public static RequestBody batchBody(List<InferenceRequest> requests) {
        return RequestListBody.of(requests);
    }

    /**
     * {@return the requests of {@code file}, in order} For callers that want them in memory; to send
     * a file, prefer {@link #batchBody(Path, String)}, which does not hold them.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null}
     * @throws JsonlException if the workload is invalid or cannot be read
     */
    public static List<InferenceRequest> parse(Path file, String model) {
        return parse(file, model, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * {@return the requests of {@code file}, in order}, with lines of at most {@code maxLineBytes}.
     *
     * @param file the workload, UTF-8 JSON lines
     * @param model the model for content lines, or {@code null}
     * @param maxLineBytes the longest line allowed, in bytes without its terminator
     * @throws JsonlException if the workload is invalid or cannot be read
     * @throws IllegalArgumentException if {@code maxLineBytes} is out of range
     */
    public static List<InferenceRequest> parse(Path file, String model, long maxLineBytes) {
        Objects.requireNonNull(file, "file");
        checkMaxLineBytes(maxLineBytes);
        JsonlLineParser parser = new JsonlLineParser(file, model, maxLineBytes);
        List<InferenceRequest> requests = new ArrayList<>();
        JsonlLineReader reader = null;
        try {
            reader = JsonlLineReader.open(file, maxLineBytes);
            while (reader.nextLine()) {
                BatchEntry entry = parser.parse(reader);
                if (entry != null) {
                    requests.add(entry.toRequest());
                }
            }
        } catch (IOException e) {
            throw cannotRead(file, reader == null ? 0 : reader.lineNumber(), e);
        } finally {
            closeQuietly(reader);
        }
        if (requests.isEmpty()) {
            throw new JsonlException(file, 0, "no requests");
        }
        warnIfModelIgnored(file, model, parser.otherModelLines());
        return List.copyOf(requests);
    }

    /** {@return the workload file} */
    public Path file() {
        return file;
    }

    /** {@return how many requests the file holds} */
    public long requestCount() {
        return requestCount;
    }

    /** {@return how many OpenAI batch lines ignored the model the caller gave (0 if none was given)} */
    public long ignoredModelLines() {
        return ignoredModelLines;
    }

    /** {@return the exact length in bytes of {@link #body()}} */
    public long contentLength() {
        return contentLength;
    }

    /**
     * {@return the batch body, {@code application/json} of known length, replayable} Each
     * {@code openStream()} reads the file again and generates the body as it is read.
     *
     * <p>If the file changes after the scan, the body fails rather than send something other than
     * what was validated: {@code openStream()} throws an {@link IOException} if the file's size or
     * modification time differ from the scan's, and reading throws one if a line has become invalid
     * (its message names file and line, and its cause is the {@link JsonlException}) or if the
     * body's length or request count differ.
     */
    public RequestBody body() {
        return RequestBody.ofStream(RequestBody.JSON, OptionalLong.of(contentLength), true, this::openStream);
    }

    @Override
    public String toString() {
        return "JsonlWorkload[" + file + ", " + requestCount + " requests, " + contentLength + " bytes]";
    }

    private InputStream openStream() throws IOException {
        FileState now;
        try {
            now = FileState.of(file);
        } catch (JsonlException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
        if (!now.equals(state)) {
            throw new IOException("the workload " + file + " changed after it was validated (size or modification time)");
        }
        return new BatchBodyStream(file, model, maxLineBytes, requestCount, contentLength);
    }

    private static void checkMaxLineBytes(long maxLineBytes) {
        if (maxLineBytes < 1 || maxLineBytes > LIMIT_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be from 1 to " + LIMIT_MAX_LINE_BYTES + ": " + maxLineBytes);
        }
    }

    private static void warnIfModelIgnored(Path file, String model, long otherModelLines) {
        if (otherModelLines > 0) {
            // Quoted and escaped, so that a model with a line break still makes one line.
            String quoted = new Utf8JsonBuffer(64).string(model).asString();
            LOGGER.log(Level.WARNING, "model " + quoted + " is ignored for " + otherModelLines
                    + " OpenAI batch line(s) of " + file + ", which name another model");
        }
    }

    private static JsonlException cannotRead(Path file, long line, IOException e) {
        return new JsonlException(file, line, "cannot read the file: " + e, e);
    }

    private static void closeQuietly(JsonlLineReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Nothing was written; a failure to close a file opened for reading changes nothing.
            }
        }
    }

    /** What tells whether a file changed between two reads. */
    private record FileState(long size, FileTime modified) {
        static FileState of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileState(attributes.size(), attributes.lastModifiedTime());
            } catch (IOException e) {
                throw cannotRead(file, 0, e);
            }
        }
    }
}
