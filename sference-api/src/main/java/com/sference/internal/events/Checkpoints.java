package com.sference.internal.events;

import com.sference.CheckpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/** Creates the checkpoint stores behind {@link CheckpointStore}'s factories. */
public final class Checkpoints {
    /** The variable naming the checkpoint file, as in the Python SDK. */
    public static final String PATH_VARIABLE = "SFERENCE_STREAM_CHECKPOINTS";

    private Checkpoints() {}

    /** {@return a store in the JSON file {@code path}} */
    public static CheckpointStore file(Path path) {
        return new FileCheckpointStore(Objects.requireNonNull(path, "path"), Clock.systemUTC());
    }

    /** {@return a new store in memory} */
    public static CheckpointStore inMemory() {
        return new InMemoryCheckpointStore();
    }

    /**
     * {@return the Python SDK's checkpoint file}: {@code $SFERENCE_STREAM_CHECKPOINTS} if set and not
     * empty, else {@code <home>/.sference/stream_checkpoints.json}
     *
     * @param env the environment
     * @param home the user's home directory
     */
    public static Path defaultPath(Map<String, String> env, String home) {
        String configured = env.get(PATH_VARIABLE);
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        return Path.of(Objects.requireNonNull(home, "user.home"), ".sference", "stream_checkpoints.json");
    }
}
