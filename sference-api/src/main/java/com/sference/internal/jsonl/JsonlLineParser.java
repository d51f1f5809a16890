package com.sference.internal.jsonl;

import com.sference.JsonlException;
import com.sference.internal.jsonl.BatchEntry.Slice;
import com.sference.internal.jsonl.StrictJsonReader.Kind;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns one workload line into a {@link BatchEntry}, following the two line formats of the API
 * contract, in one pass over the line's bytes (see {@link StrictJsonReader}).
 *
 * <ul>
 *   <li>An OpenAI batch line has all of {@code method}, {@code url} and {@code body} (their values
 *       other than {@code body} are not checked, and other keys are ignored). It becomes
 *       {@code (custom_id, body)}; {@code body} must be an object with a non-empty string
 *       {@code model}. An absent or null {@code custom_id} stays null. The caller's model, if any,
 *       is ignored for it, and counted in {@link #ignoredModelLines()}; if the line names another
 *       model, also in {@link #otherModelLines()}.
 *   <li>A content line has {@code content} (a string) and optionally {@code custom_id}, and no other
 *       key. It needs the caller's model and becomes a one-message chat request. An absent, null or
 *       empty {@code custom_id} becomes {@code request-<N>}, N being the physical line number.
 * </ul>
 *
 * <p>A {@code custom_id} that is neither a string nor null (a number, say) is an error rather than
 * being turned into a string, as the contract types it {@code string|null}. A line that is empty or
 * whitespace (as {@link String#strip()} sees it) is blank and yields no entry. Every value of the
 * line, ignored ones included, must be strict JSON without duplicate keys; a JSON error is reported
 * before a line that is not in either format.
 *
 * <p>The values that make the entry ({@code custom_id}, {@code body}, {@code content}) are written
 * in canonical form into one buffer, which is no longer than the line; the entry refers to it, so
 * it is valid until the next call to {@link #parse(JsonlLineReader)}.
 */
final class JsonlLineParser {
    private static final String CUSTOM_ID = "custom_id";
    private static final byte[] CHAT_SUFFIX = BatchEntry.ascii("}]}");
    private static final int SPARE = 64;

    private final Path path;
    private final boolean hasModel;
    private final byte[] chatPrefix;
    private final byte[] modelJson;
    private final StrictJsonReader json = new StrictJsonReader();
    private final Utf8JsonBuffer values;
    private long ignoredModelLines;
    private long otherModelLines;

    /**
     * @param path the workload file, named in errors
     * @param model the caller's model, or {@code null} (an empty one counts as none)
     * @param maxLineBytes the longest line the reader allows, which bounds the buffer's growth
     */
    JsonlLineParser(Path path, String model, long maxLineBytes) {
        this.path = path;
        this.hasModel = model != null && !model.isEmpty();
        Utf8JsonBuffer prefix = new Utf8JsonBuffer(64).ascii("{\"model\":");
        if (hasModel) {
            prefix.string(model);
        }
        this.modelJson = hasModel ? new Utf8JsonBuffer(64).string(model).toByteArray() : null;
        this.chatPrefix = prefix.ascii(",\"messages\":[{\"role\":\"user\",\"content\":").toByteArray();
        this.values = new Utf8JsonBuffer(4096, (int) Math.min(Integer.MAX_VALUE, maxLineBytes + SPARE));
    }

    /** {@return how many OpenAI batch lines so far ignored the caller's model} */
    long ignoredModelLines() {
        return ignoredModelLines;
    }

    /**
     * {@return how many OpenAI batch lines so far named a model other than the caller's} Models are
     * compared as canonical JSON strings, so {@code "a\/b"} and {@code "a/b"} are the same.
     */
    long otherModelLines() {
        return otherModelLines;
    }

    /**
     * {@return the entry of the current line of {@code reader}, or {@code null} if the line is blank}
     *
     * @throws JsonlException if the line is invalid, naming the file and line
     * @throws IOException if reading fails
     */
    BatchEntry parse(JsonlLineReader reader) throws IOException {
        long lineNumber = reader.lineNumber();
        values.clear();
        json.begin(reader, values);
        if (json.blank()) {
            return null;
        }
        Kind top = json.kind();
        if (top != Kind.OBJECT) {
            json.copyValue(false);
            json.end();
            throw invalid(lineNumber, "expected a JSON object, found " + top.description());
        }
        Line line = new Line();
        json.beginObject(false);
        while (json.nextMember(false)) {
            line.member();
        }
        json.end();
        if (line.method && line.url && line.body != null) {
            return envelope(lineNumber, line);
        }
        if (line.content != null) {
            return content(lineNumber, line);
        }
        if (line.method || line.url || line.body != null) {
            String missing = (line.method ? "" : ", \"method\"") + (line.url ? "" : ", \"url\"")
                    + (line.body != null ? "" : ", \"body\"");
            throw invalid(lineNumber, "an OpenAI batch line needs \"method\", \"url\" and \"body\"; missing "
                    + missing.substring(2));
        }
        throw invalid(lineNumber, "unsupported line: expected an OpenAI batch line"
                + " {\"custom_id\",\"method\",\"url\",\"body\"} or a content line {\"content\",\"custom_id\"}");
    }

    /** What one line holds, gathered as its members are read. */
    private final class Line {
        boolean method;
        boolean url;
        Kind body;
        Kind content;
        Kind customId;
        Kind model;
        boolean emptyModel;
        int modelStart;
        int modelEnd;
        String unexpectedKey;
        Slice bodySlice;
        Slice contentSlice;
        Slice customIdSlice;

        void member() throws IOException {
            int start = values.size();
            if (json.nameIs(CUSTOM_ID)) {
                customId = json.copyValue(true);
                customIdSlice = slice(start);
                return;
            }
            if (json.nameIs("content")) {
                content = json.copyValue(true);
                contentSlice = slice(start);
                return;
            }
            if (unexpectedKey == null) {
                unexpectedKey = json.name();
            }
            if (json.nameIs("body")) {
                body = json.kind();
                if (body == Kind.OBJECT) {
                    copyBody();
                } else {
                    json.copyValue(true);
                }
                bodySlice = slice(start);
                return;
            }
            method |= json.nameIs("method");
            url |= json.nameIs("url");
            json.copyValue(false);
        }

        private void copyBody() throws IOException {
            json.beginObject(true);
            while (json.nextMember(true)) {
                if (json.nameIs("model")) {
                    modelStart = values.size();
                    model = json.copyValue(true);
                    modelEnd = values.size();
                    emptyModel = model == Kind.STRING && modelEnd - modelStart == 2;
                } else {
                    json.copyValue(true);
                }
            }
        }

        private Slice slice(int start) {
            return new Slice(values, start, values.size());
        }
    }

    private BatchEntry envelope(long lineNumber, Line line) {
        if (line.body != Kind.OBJECT) {
            throw invalid(lineNumber, "\"body\" must be a JSON object, found " + line.body.description());
        }
        if (line.model != Kind.STRING || line.emptyModel) {
            throw invalid(lineNumber, "\"body.model\" must be a non-empty string, found "
                    + (line.model == null ? "none" : line.emptyModel ? "\"\"" : line.model.description()));
        }
        checkCustomId(lineNumber, line);
        if (hasModel) {
            ignoredModelLines++;
            if (!values.regionEquals(line.modelStart, line.modelEnd, modelJson)) {
                otherModelLines++;
            }
        }
        Slice id = line.customIdSlice;
        if (line.customId == null) {
            int start = values.size();
            values.ascii("null");
            id = new Slice(values, start, values.size());
        }
        return new BatchEntry(id, BatchEntry.NONE, line.bodySlice, BatchEntry.NONE);
    }

    private BatchEntry content(long lineNumber, Line line) {
        if (line.unexpectedKey != null) {
            throw invalid(lineNumber, "unexpected key \"" + line.unexpectedKey
                    + "\" in a content line (it may have only \"content\" and \"custom_id\")");
        }
        if (line.content != Kind.STRING) {
            throw invalid(lineNumber, "\"content\" must be a string, found " + line.content.description());
        }
        if (!hasModel) {
            throw invalid(lineNumber, "a content line needs a model, and none was given");
        }
        checkCustomId(lineNumber, line);
        Slice id = line.customIdSlice;
        if (line.customId != Kind.STRING || id.length() == 2) {
            int start = values.size();
            values.put('"');
            values.ascii("request-" + lineNumber);
            values.put('"');
            id = new Slice(values, start, values.size());
        }
        return new BatchEntry(id, chatPrefix, line.contentSlice, CHAT_SUFFIX);
    }

    private void checkCustomId(long lineNumber, Line line) {
        if (line.customId != null && line.customId != Kind.STRING && line.customId != Kind.NULL) {
            throw invalid(lineNumber, "\"custom_id\" must be a string or null, found " + line.customId.description());
        }
    }

    private JsonlException invalid(long lineNumber, String reason) {
        return new JsonlException(path, lineNumber, reason);
    }
}
