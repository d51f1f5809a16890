package com.sference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CheckpointKeyTest {
    @Test
    void printsThePythonSdkKey() {
        assertEquals("https://api.sference.com:s_1:default",
                CheckpointKey.of("https://api.sference.com", "s_1", CheckpointKey.DEFAULT_CONSUMER).toString());
    }

    @Test
    void dropsEveryTrailingSlashAsRstripDoes() {
        CheckpointKey key = CheckpointKey.of("http://127.0.0.1:8000//", "s", "c");
        assertEquals("http://127.0.0.1:8000", key.baseUrl());
        assertEquals(CheckpointKey.of("http://127.0.0.1:8000", "s", "c"), key);
    }

    @Test
    void rejectsMissingParts() {
        assertThrows(NullPointerException.class, () -> CheckpointKey.of(null, "s", "c"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointKey.of("http://h", "", "c"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointKey.of("http://h", "s", ""));
    }
}
