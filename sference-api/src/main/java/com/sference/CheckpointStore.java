package com.sference;

import com.sference.internal.events.Checkpoints;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where consumers of stream events keep their positions: for each {@link CheckpointKey}, the
 * {@code completion_id} of the last event the consumer has taken.
 *
 * <p>The default, {@link #file()}, is the JSON file the Python SDK 0.0.1 uses, so a position saved
 * by either SDK is honoured by the other. {@link #inMemory()} keeps positions for the life of the
 * object. To share positions between machines, implement this interface over a database.
 *
 * <pre>{@code
 * TailOptions options = TailOptions.builder().checkpoints(CheckpointStore.file()).consumer("billing").build();
 * try (EventCursor events = client.streams().follow(streamId, options)) {
 *     for (StreamEvent event : events) {
 *         bill(event);
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe, and a {@link #save} must be durable when it returns: a
 * later {@link #load}, also after a crash, returns that id or a newer one, never an older one and
 * never a half-written one.
 *
 * @since 0.1
 */
public interface CheckpointStore {
    /**
     * {@return the last {@code completion_id} saved for {@code key}, or empty if none is}
     *
     * @param key whose position
     * @throws CheckpointException if the store cannot be read or holds an invalid entry for the key
     */
    Optional<String> load(CheckpointKey key);

    /**
     * Saves {@code completionId} as the position of {@code key}, replacing the previous one.
     *
     * @param key whose position
     * @param completionId the id of the last event taken
     * @throws CheckpointException if the position cannot be saved
     */
    void save(CheckpointKey key, String completionId);

    /**
     * Removes the position of {@code key}, if there is one.
     *
     * @param key whose position
     * @throws CheckpointException if the store cannot be changed
     */
    void clear(CheckpointKey key);

    /**
     * {@return the store in the file the Python SDK uses}: {@code $SFERENCE_STREAM_CHECKPOINTS} if
     * that variable is set and not empty, else {@code ~/.sference/stream_checkpoints.json}. The path
     * is resolved once, when this method is called. See {@link #file(Path)}.
     */
    static CheckpointStore file() {
        return Checkpoints.file(Checkpoints.defaultPath(System.getenv(), System.getProperty("user.home")));
    }

    /**
     * {@return a store in the JSON file {@code path}}, which need not exist yet.
     *
     * <p>The file is one JSON object mapping {@code <baseUrl>:<streamId>:<consumer>} to
     * {@code {"last_completion_id": "...", "updated_at": "<ISO-8601>"}}, written as Python's
     * {@code json.dumps(data, indent=2, sort_keys=True)} plus a newline. Entries written by the
     * Python SDK 0.0.1 are read, including its older {@code last_event_id} field; other entries are
     * left as they are.
     *
     * <p>Every change is a read-modify-write under an exclusive lock on {@code <path>.lock}, which
     * serializes the threads and processes that use this store; the new content goes to a temporary
     * file in the same directory, is forced to disk, and is moved over the file atomically, so a
     * reader or a crash never sees half a file. Files and directories the store creates are readable
     * by their owner only where the file system has POSIX permissions. A file that is not a JSON
     * object, or an entry for the key that does not have that shape, is a {@link CheckpointException}
     * naming the file; it is never read as "no checkpoint".
     *
     * @param path the checkpoint file
     */
    static CheckpointStore file(Path path) {
        return Checkpoints.file(path);
    }

    /** {@return a new, empty, thread-safe store in memory} */
    static CheckpointStore inMemory() {
        return Checkpoints.inMemory();
    }
}
