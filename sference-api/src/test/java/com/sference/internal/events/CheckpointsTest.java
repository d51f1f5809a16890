package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointsTest {
    @Test
    void theDefaultFileIsTheVariableOrTheHomeDirectoryAsInThePythonSdk() {
        assertEquals(Path.of("/data/cp.json"), Checkpoints.defaultPath(Map.of("SFERENCE_STREAM_CHECKPOINTS", "/data/cp.json"), "/home/u"));
        assertEquals(Path.of("/home/u/.sference/stream_checkpoints.json"), Checkpoints.defaultPath(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.sference/stream_checkpoints.json"),
                Checkpoints.defaultPath(Map.of("SFERENCE_STREAM_CHECKPOINTS", ""), "/home/u"));
    }

    @Test
    void theMemoryStoreSavesLoadsAndClearsPerKey() {
        CheckpointStore store = CheckpointStore.inMemory();
        CheckpointKey a = CheckpointKey.of("http://h/", "s", "a");
        CheckpointKey b = CheckpointKey.of("http://h", "s", "b");
        store.save(a, "resp_1");
        store.save(a, "resp_2");
        assertEquals(Optional.of("resp_2"), store.load(CheckpointKey.of("http://h", "s", "a")));
        assertEquals(Optional.empty(), store.load(b));
        store.clear(a);
        assertEquals(Optional.empty(), store.load(a));
        assertThrows(IllegalArgumentException.class, () -> store.save(a, ""));
    }
}
