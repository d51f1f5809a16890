package com.sference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A checkpoint could not be read or saved: the file is not valid, or it cannot be read, written
 * or locked. The message names the file. A checkpoint that cannot be read is never taken to mean
 * "no checkpoint", since starting over would replay or skip events.
 *
 * @since 0.1
 */
public class CheckpointException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /** The file, kept as text so that the exception stays serializable. */
    private final String file;

    /**
     * Creates an exception about a checkpoint file.
     *
     * @param message what went wrong; should name the file
     * @param file the checkpoint file, or {@code null} if the store has none
     * @param cause the underlying failure, or {@code null}
     */
    public CheckpointException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file == null ? null : file.toString();
    }

    /** {@return the checkpoint file concerned, if the store keeps one} */
    public Optional<Path> file() {
        return Optional.ofNullable(file).map(Path::of);
    }
}
