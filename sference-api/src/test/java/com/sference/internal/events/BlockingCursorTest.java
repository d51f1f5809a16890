package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.CheckpointException;
import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.EventCursor;
import com.sference.SferenceException;
import com.sference.TailOptions;
import com.sference.model.EventQuery;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockingCursorTest {
    static final CheckpointKey KEY = CheckpointKey.of("http://model.test", "s_model", "default");

    private final EventLogModel model = new EventLogModel(List.of());
    private final CheckpointStore store = CheckpointStore.inMemory();

    private EventCursor iterate(TailOptions options) {
        return Tails.cursor(model, KEY, options, false, 0);
    }

    private TailOptions.Builder withStore() {
        return TailOptions.builder().checkpoints(store);
    }

    private static List<String> ids(EventCursor cursor) {
        List<String> ids = new ArrayList<>();
        cursor.forEachRemaining(event -> ids.add(event.completionId()));
        return ids;
    }

    @Test
    void startsAtTheNewestPageOldestFirstThenPagesForward() {
        model.append(5);
        try (EventCursor cursor = iterate(TailOptions.builder().pageSize(2).build())) {
            assertEquals(List.of("resp_0003", "resp_0004"), ids(cursor));
        }
        assertEquals(List.of(new EventQuery(2, null, null, 0), new EventQuery(2, "resp_0004", null, 0)), model.queries());
    }

    @Test
    void theEarliestOriginPagesBackWithEndingBeforeThenDeliversForward() {
        model.append(5);
        try (EventCursor cursor = iterate(TailOptions.builder().pageSize(2).origin(TailOptions.Origin.EARLIEST).build())) {
            assertEquals(List.of("resp_0000", "resp_0001", "resp_0002", "resp_0003", "resp_0004"), ids(cursor));
        }
        assertEquals(List.of(new EventQuery(2, null, null, 0), new EventQuery(2, null, "resp_0003", 0),
                new EventQuery(2, null, "resp_0001", 0), new EventQuery(2, "resp_0000", null, 0),
                new EventQuery(2, "resp_0002", null, 0)), model.queries(), "the last forward page says has_more false");
    }

    @Test
    void resumesAfterTheCheckpoint() {
        model.append(4);
        store.save(KEY, "resp_0001");
        try (EventCursor cursor = iterate(withStore().build())) {
            assertEquals(List.of("resp_0002", "resp_0003"), ids(cursor));
        }
        assertEquals(Optional.of("resp_0003"), store.load(KEY));
    }

    @Test
    void aGivenCursorWinsOverTheCheckpointWhichStillMoves() {
        model.append(4);
        store.save(KEY, "resp_0000");
        try (EventCursor cursor = iterate(withStore().startingAfter("resp_0002").build())) {
            assertEquals(List.of("resp_0003"), ids(cursor));
        }
        assertEquals(Optional.of("resp_0003"), store.load(KEY));
    }

    @Test
    void fromLatestClearsTheCheckpointAndStartsAtTheNewestPage() {
        model.append(4);
        store.save(KEY, "resp_0000");
        EventCursor cursor = iterate(withStore().pageSize(1).fromLatest().build());
        assertEquals(Optional.empty(), store.load(KEY), "cleared when the cursor is made");
        assertEquals(List.of("resp_0003"), ids(cursor));
    }

    @Test
    void perEventCommitSavesAnEventOnlyWhenTheConsumerComesBackForMore() {
        model.append(3);
        try (EventCursor cursor = iterate(withStore().origin(TailOptions.Origin.EARLIEST)
                .commit(TailOptions.Commit.PER_EVENT).build())) {
            assertEquals("resp_0000", cursor.next().completionId());
            assertEquals(Optional.empty(), store.load(KEY), "returned, not yet taken");
            assertTrue(cursor.hasNext());
            assertEquals(Optional.of("resp_0000"), store.load(KEY));
            cursor.next();
            cursor.next();
            assertEquals(Optional.of("resp_0001"), store.load(KEY));
        }
        assertEquals(Optional.of("resp_0001"), store.load(KEY), "close saves nothing: resp_0002 was not taken");
    }

    @Test
    void perPageCommitSavesTheLastEventOfAPageOnceItIsTaken() {
        model.append(4);
        try (EventCursor cursor = iterate(withStore().pageSize(2).origin(TailOptions.Origin.EARLIEST).build())) {
            cursor.next();
            cursor.next();
            assertEquals(Optional.empty(), store.load(KEY));
            cursor.next();
            assertEquals(Optional.of("resp_0001"), store.load(KEY), "the first page was taken");
            cursor.next();
            assertEquals(Optional.of("resp_0001"), store.load(KEY));
            assertFalse(cursor.hasNext());
            assertEquals(Optional.of("resp_0003"), store.load(KEY));
        }
    }

    @Test
    void commitSavesTheLastEventReturnedAtOnce() {
        model.append(3);
        try (EventCursor cursor = iterate(withStore().pageSize(3).origin(TailOptions.Origin.EARLIEST).build())) {
            cursor.next();
            cursor.next();
            cursor.commit();
            assertEquals(Optional.of("resp_0001"), store.load(KEY));
            cursor.commit();
            assertEquals(Optional.of("resp_0001"), store.load(KEY));
        }
    }

    @Test
    void theIteratorIsTheCursorAndEndsWithNoSuchElement() {
        try (EventCursor cursor = iterate(TailOptions.defaults())) {
            assertSame(cursor, cursor.iterator());
            assertFalse(cursor.hasNext());
            assertThrows(NoSuchElementException.class, cursor::next);
        }
    }

    @Test
    void theStreamTakesEventsAsItAdvancesAndClosesTheCursor() {
        model.append(3);
        EventCursor cursor = iterate(withStore().origin(TailOptions.Origin.EARLIEST).commit(TailOptions.Commit.PER_EVENT).build());
        try (java.util.stream.Stream<StreamEvent> events = cursor.stream()) {
            assertEquals(List.of("resp_0000", "resp_0001"), events.limit(2).map(StreamEvent::completionId).toList());
        }
        assertEquals(Optional.of("resp_0000"), store.load(KEY), "limit(2) leaves the second event untaken");
        assertFalse(cursor.hasNext(), "closed with the stream");
    }

    @Test
    void followLongPollsWithTheWaitAndEndsOnceTheStreamIsCancelledAndDrained() throws Exception {
        ManualEventSource source = new ManualEventSource();
        try (EventCursor cursor = Tails.cursor(source, KEY, TailOptions.builder().startingAfter("resp_0000")
                .longPollWait(Duration.ofSeconds(7)).build(), true, 0)) {
            CompletableFuture<Boolean> hasNext = CompletableFuture.supplyAsync(cursor::hasNext);
            ManualEventSource.Request poll = source.next();
            assertEquals(new EventQuery(100, "resp_0000", null, 0), poll.query(), "the first page is never held");
            poll.answerPage(List.of(), false);
            ManualEventSource.Request check = source.next();
            assertNull(check.query());
            check.answerStream(StreamStatus.OPEN, 0);
            ManualEventSource.Request longPoll = source.next();
            assertEquals(new EventQuery(100, "resp_0000", null, 7000), longPoll.query());
            longPoll.answerPage(List.of(), false);
            source.next().answerStream(StreamStatus.CANCELLED, 0);
            ManualEventSource.Request drain = source.next();
            assertEquals(new EventQuery(100, "resp_0000", null, 0), drain.query(), "the last page is not held");
            drain.answerPage(List.of(), false);
            assertFalse(hasNext.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingFromAnotherThreadEndsAWaitingHasNextAndCancelsTheLongPoll() throws Exception {
        ManualEventSource source = new ManualEventSource();
        EventCursor cursor = Tails.cursor(source, KEY, TailOptions.defaults(), true, 0);
        CompletableFuture<Boolean> hasNext = CompletableFuture.supplyAsync(cursor::hasNext);
        ManualEventSource.Request poll = source.next();
        cursor.close();
        assertFalse(hasNext.get(10, TimeUnit.SECONDS));
        assertTrue(poll.answer().isCancelled());
        assertFalse(cursor.hasNext());
    }

    @Test
    void interruptingTheConsumerEndsTheFollowAndKeepsTheInterruptStatus() throws Exception {
        ManualEventSource source = new ManualEventSource();
        EventCursor cursor = Tails.cursor(source, KEY, TailOptions.defaults(), true, 0);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread consumer = new Thread(() -> {
            boolean more = cursor.hasNext();
            outcome.complete(more + " interrupted=" + Thread.currentThread().isInterrupted());
        });
        consumer.start();
        ManualEventSource.Request poll = source.next();
        consumer.interrupt();
        assertEquals("false interrupted=true", outcome.get(10, TimeUnit.SECONDS));
        assertTrue(poll.answer().isCancelled());
    }

    @Test
    void aFailedRequestIsThrownAsItsSdkException() throws Exception {
        ManualEventSource source = new ManualEventSource();
        try (EventCursor cursor = Tails.cursor(source, KEY, TailOptions.defaults(), false, 0)) {
            CompletableFuture<Boolean> hasNext = CompletableFuture.supplyAsync(cursor::hasNext);
            SferenceException failure = new SferenceException("HTTP 404: Stream not found");
            source.next().answer().completeExceptionally(failure);
            java.util.concurrent.ExecutionException thrown = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> hasNext.get(10, TimeUnit.SECONDS));
            assertSame(failure, thrown.getCause());
        }
    }

    @Test
    void followOfAClosedDrainedStreamEndsAfterOnePageAndOneStatusReadWithoutLongPolling() throws Exception {
        ManualEventSource source = new ManualEventSource();
        try (EventCursor cursor = Tails.cursor(source, KEY, TailOptions.builder().startingAfter("resp_0000")
                .longPollWait(Duration.ofSeconds(20)).build(), true, 0)) {
            CompletableFuture<Boolean> hasNext = CompletableFuture.supplyAsync(cursor::hasNext);
            ManualEventSource.Request first = source.next();
            assertEquals(0, first.query().waitMs());
            first.answerPage(List.of(), false);
            source.next().answerStream(StreamStatus.ARCHIVED, 0);
            ManualEventSource.Request last = source.next();
            assertEquals(0, last.query().waitMs());
            last.answerPage(List.of(), false);
            assertFalse(hasNext.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void anUnreadableCheckpointFailsBeforeAnythingIsFetched(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, "{\"" + KEY + "\": \"resp_1\"");
        TailOptions options = TailOptions.builder().checkpoints(CheckpointStore.file(file)).build();
        CheckpointException e = assertThrows(CheckpointException.class, () -> iterate(options));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(List.of(), model.queries());
    }

    @Test
    void anEmptyLongPollAnsweredEarlyIsFollowedByAPauseBeforeTheNextRequest() throws Exception {
        ManualEventSource source = new ManualEventSource();
        long floor = TimeUnit.MILLISECONDS.toNanos(150);
        try (EventCursor cursor = Tails.cursor(source, KEY, TailOptions.builder().startingAfter("resp_0").build(), true, floor)) {
            CompletableFuture.runAsync(cursor::hasNext);
            source.next().answerPage(List.of(), false);
            source.next().answerStream(StreamStatus.OPEN, 0);
            long answered = System.nanoTime();
            source.next().answerPage(List.of(), false);
            source.next().answerStream(StreamStatus.OPEN, 0);
            assertTrue(System.nanoTime() - answered >= floor, "asked again before the floor");
        }
    }
}
