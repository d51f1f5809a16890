package com.sference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TailOptionsTest {
    @Test
    void defaultsMatchThePythonSdkWithoutAStore() {
        TailOptions options = TailOptions.defaults();
        assertEquals("default", options.consumer());
        assertEquals(Optional.empty(), options.checkpoints());
        assertEquals(Optional.empty(), options.startingAfter());
        assertFalse(options.resetCheckpoint());
        assertEquals(TailOptions.Origin.NEWEST_PAGE, options.origin());
        assertEquals(100, options.pageSize());
        assertEquals(TailOptions.Commit.PER_PAGE, options.commit());
        assertEquals(Duration.ofSeconds(20), options.longPollWait());
    }

    @Test
    void fromLatestAndFromEarliestClearTheCheckpointAndSetTheOrigin() {
        assertTrue(TailOptions.builder().fromLatest().build().resetCheckpoint());
        assertEquals(TailOptions.Origin.NEWEST_PAGE, TailOptions.builder().fromEarliest().fromLatest().build().origin());
        TailOptions earliest = TailOptions.builder().fromEarliest().build();
        assertTrue(earliest.resetCheckpoint());
        assertEquals(TailOptions.Origin.EARLIEST, earliest.origin());
        assertFalse(TailOptions.builder().origin(TailOptions.Origin.EARLIEST).build().resetCheckpoint());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        CheckpointStore store = CheckpointStore.inMemory();
        TailOptions options = TailOptions.builder().consumer("c").checkpoints(store).startingAfter("resp_1")
                .fromEarliest().pageSize(7).commit(TailOptions.Commit.PER_EVENT).longPollWait(Duration.ofMillis(5))
                .build();
        TailOptions copy = options.toBuilder().build();
        assertEquals(options.toString(), copy.toString());
        assertSame(store, copy.checkpoints().orElseThrow());
    }

    @Test
    void rejectsValuesOutsideTheServersRanges() {
        TailOptions.Builder builder = TailOptions.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.pageSize(0));
        assertThrows(IllegalArgumentException.class, () -> builder.pageSize(101));
        assertThrows(IllegalArgumentException.class, () -> builder.longPollWait(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.longPollWait(Duration.ofMillis(30_001)));
        assertThrows(IllegalArgumentException.class, () -> builder.longPollWait(Duration.ofDays(365_000_000)));
        assertThrows(IllegalArgumentException.class, () -> builder.consumer(""));
        assertThrows(NullPointerException.class, () -> builder.checkpoints(null));
    }
}
