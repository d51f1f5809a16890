package com.sference;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A JSONL workload is invalid. Names the file and the 1-based line; nothing was sent.
 *
 * @since 0.1
 */
public class JsonlException extends SferenceException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    /** The 1-based line number, or 0 when the problem is the whole input. */
    private final long line;
    /** What is wrong with the input. */
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param path the workload file, or {@code null} for input that is not a file
     * @param line the 1-based line number, or 0 when the problem is the whole input
     * @param reason what is wrong with it
     */
    public JsonlException(Path path, long line, String reason) {
        this(path, line, reason, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param path the workload file, or {@code null} for input that is not a file
     * @param line the 1-based line number, or 0 when the problem is the whole input
     * @param reason what is wrong with it
     * @param cause the underlying failure, or {@code null}
     */
    public JsonlException(Path path, long line, String reason, Throwable cause) {
        super(where(path, line) + ": " + Objects.requireNonNull(reason, "reason"), cause);
        this.path = path;
        this.line = line;
        this.reason = reason;
    }

    private static String where(Path path, long line) {
        String file = path == null ? "<input>" : path.toString();
        return line > 0 ? file + ":" + line : file;
    }

    /** {@return the workload file, or {@code null} for input that is not a file} */
    public Path path() {
        return path;
    }

    /** {@return the 1-based line number, or 0 when the problem is the whole input} */
    public long line() {
        return line;
    }

    /** {@return what is wrong, without the location} */
    public String reason() {
        return reason;
    }
}
