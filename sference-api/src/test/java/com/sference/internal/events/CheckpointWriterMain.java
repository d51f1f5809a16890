package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import java.nio.file.Path;

/**
 * Saves {@code <count>} checkpoints of consumers {@code <prefix>-<i>} into {@code <file>}; run in
 * several child JVMs at once by {@link FileCheckpointStoreTest}.
 */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {}

    public static void main(String[] args) {
        CheckpointStore store = CheckpointStore.file(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            store.save(CheckpointKey.of("http://h", "s", args[1] + "-" + i), "resp_" + i);
        }
    }
}
