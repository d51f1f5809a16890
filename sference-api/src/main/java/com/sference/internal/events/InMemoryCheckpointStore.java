package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in a concurrent map, for tests and for consumers that keep no position across runs. */
final class InMemoryCheckpointStore implements CheckpointStore {
    private final ConcurrentHashMap<CheckpointKey, String> positions = new ConcurrentHashMap<>();

    @Override
    public Optional<String> load(CheckpointKey key) {
        return Optional.ofNullable(positions.get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public void save(CheckpointKey key, String completionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(completionId, "completionId");
        if (completionId.isEmpty()) {
            throw new IllegalArgumentException("completionId must not be empty");
        }
        positions.put(key, completionId);
    }

    @Override
    public void clear(CheckpointKey key) {
        positions.remove(Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        return "CheckpointStore.inMemory(" + positions.size() + " positions)";
    }
}
