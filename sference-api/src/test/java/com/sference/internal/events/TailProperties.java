package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.EventCursor;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery properties of a tail, checked on any {@link TailTarget}: events are delivered from
 * the start on, in order, none twice within one run and none skipped; an iteration delivers at
 * least the events there were when it started and, where the target can tell, exactly those there
 * were when its last page was answered; a follow delivers every event, including those appended
 * while it runs, and ends once its stream is archived and drained; a subscriber never gets more
 * than it requested; and a run resumed from the checkpoint another run left gets exactly the
 * events after that checkpoint, the checkpoint never being past an event that was not taken.
 */
public final class TailProperties {
    private static final Duration PUBLISHER_TIMEOUT = Duration.ofSeconds(30);

    private TailProperties() {}

    /** An iteration or a follow delivers the log from its start on, in order, without gaps. */
    public static void cursorDeliversTheLogFromItsStart(TailTarget target, TailScenario scenario, boolean follow) {
        CheckpointStore store = CheckpointStore.inMemory();
        TailOptions options = setUp(target, scenario, store);
        Script script = new Script(target, scenario, follow);
        List<String> delivered = new ArrayList<>();
        try (EventCursor cursor = target.cursor(options, follow)) {
            script.beforeStart();
            while (cursor.hasNext()) {
                delivered.add(cursor.next().completionId());
                script.afterTaking(delivered.size());
            }
        }
        assertDeliveredTheLog(target, scenario, follow, delivered);
        assertCheckpointAfterFullRun(target, scenario, store, delivered);
    }

    /** A publisher delivers the same, never calls {@code onNext} beyond demand, and completes once. */
    public static void publisherDeliversTheLogOnDemand(TailTarget target, TailScenario scenario, boolean follow) {
        CheckpointStore store = CheckpointStore.inMemory();
        TailOptions options = setUp(target, scenario, store);
        Script script = new Script(target, scenario, follow);
        script.beforeStart();
        RecordingSubscriber subscriber = new RecordingSubscriber(script, scenario.demand(), Integer.MAX_VALUE);
        target.publisher(options, follow).subscribe(subscriber);
        subscriber.await();
        assertNull(subscriber.failure, () -> "failed: " + subscriber.failure);
        assertEquals(1, subscriber.completions.get());
        assertDeliveredTheLog(target, scenario, follow, subscriber.delivered);
        assertCheckpointAfterFullRun(target, scenario, store, subscriber.delivered);
    }

    /**
     * A first run stops after {@code stopAfter} events: a cursor is closed with the last one not
     * taken, or a subscriber crashes (throws) in the {@code onNext} of the event after them. Its
     * checkpoint is at or before the last event taken, by less than a page, exactly on it per
     * event; a second run from that checkpoint delivers exactly the events after it, so together
     * they miss none.
     */
    public static void resumeDeliversExactlyTheEventsAfterTheCheckpoint(TailTarget target, TailScenario scenario,
            boolean publisher) {
        TailScenario resumable = scenario.start() == TailScenario.Start.CURSOR
                || scenario.start() == TailScenario.Start.NEWEST_PAGE
                ? new TailScenario(scenario.initial(), scenario.pageSize(),
                        scenario.initial() == 0 ? TailScenario.Start.EARLIEST : TailScenario.Start.CHECKPOINT,
                        scenario.startIndex(), scenario.commit(), scenario.appends(), scenario.arrivals(),
                        scenario.stopAfter(), scenario.demand(), scenario.pendingAtArchive())
                : scenario;
        CheckpointStore store = CheckpointStore.inMemory();
        TailOptions options = setUp(target, resumable, store);
        CheckpointKey key = target.key(options.consumer());
        Script script = new Script(target, resumable, false);
        List<String> first = new ArrayList<>();
        int taken;
        if (publisher) {
            RecordingSubscriber subscriber = new RecordingSubscriber(script, resumable.demand(), resumable.stopAfter() + 1);
            target.publisher(options, false).subscribe(subscriber);
            subscriber.await();
            boolean crashed = subscriber.failure instanceof SimulatedCrash;
            assertTrue(crashed || subscriber.failure == null, () -> "failed: " + subscriber.failure);
            first.addAll(subscriber.delivered);
            taken = crashed ? first.size() - 1 : first.size();
        } else {
            try (EventCursor cursor = target.cursor(options, false)) {
                boolean more = cursor.hasNext();
                while (more) {
                    first.add(cursor.next().completionId());
                    script.afterTaking(first.size());
                    more = first.size() < resumable.stopAfter() && cursor.hasNext();
                }
                taken = first.size() < resumable.stopAfter() ? first.size() : first.size() - 1;
            }
        }
        assertEquals(first.size(), new HashSet<>(first).size(), "an event twice in one run: " + first);

        List<String> log = target.log();
        int start = resumable.firstIndex();
        assertEquals(log.subList(start, start + first.size()), first);
        Optional<String> saved = store.load(key);
        int savedIndex = saved.map(log::indexOf).orElse(start - 1);
        int lastTaken = start + taken - 1;
        assertTrue(savedIndex <= lastTaken, () -> "checkpoint " + saved + " is past the last event taken, " + lastTaken);
        if (resumable.commit() == TailOptions.Commit.PER_EVENT) {
            assertEquals(lastTaken, savedIndex, "per event, the checkpoint is the last event taken");
        } else {
            assertTrue(lastTaken - savedIndex < resumable.pageSize(), () -> "per page, the checkpoint " + saved
                    + " lags the last event taken, " + lastTaken + ", by a page or more");
        }

        List<String> second = new ArrayList<>();
        TailOptions resumed = options.toBuilder().origin(TailOptions.Origin.EARLIEST).build();
        try (EventCursor cursor = target.cursor(resumed, false)) {
            cursor.forEachRemaining(event -> second.add(event.completionId()));
        }
        List<String> after = target.log();
        assertEquals(after.subList(savedIndex + 1, after.size()), second, () -> "resumed after " + saved);
    }

    private static TailOptions setUp(TailTarget target, TailScenario scenario, CheckpointStore store) {
        target.append(scenario.initial());
        TailOptions options = scenario.options(target, store);
        if (scenario.start() == TailScenario.Start.CHECKPOINT) {
            store.save(target.key(options.consumer()), target.log().get(scenario.startIndex()));
        }
        return options;
    }

    private static void assertDeliveredTheLog(TailTarget target, TailScenario scenario, boolean follow,
            List<String> delivered) {
        List<String> log = target.log();
        int first = scenario.firstIndex();
        assertTrue(first + delivered.size() <= log.size(), () -> "more delivered than logged: " + delivered);
        assertEquals(log.subList(first, first + delivered.size()), delivered, () -> "log " + log);
        if (follow) {
            assertEquals(log.size() - first, delivered.size(), () -> "a follow delivers every event; log " + log);
            return;
        }
        assertTrue(delivered.size() >= scenario.initial() - first, () -> "an iteration delivers every event there "
                + "was when it started; log " + log);
        target.logSizeAtLastPageRequest().ifPresent(size -> assertEquals(size - first, delivered.size(),
                () -> "an iteration delivers every event there was when its last page was answered; log " + log));
    }

    private static void assertCheckpointAfterFullRun(TailTarget target, TailScenario scenario, CheckpointStore store,
            List<String> delivered) {
        Optional<String> saved = store.load(target.key("properties"));
        if (!delivered.isEmpty()) {
            assertEquals(Optional.of(delivered.get(delivered.size() - 1)), saved, "the last event taken is saved");
        } else if (scenario.start() == TailScenario.Start.CHECKPOINT) {
            assertEquals(Optional.of(target.log().get(scenario.startIndex())), saved);
        } else {
            assertEquals(Optional.empty(), saved);
        }
    }

    /** What the consumer does as it takes events: the scenario's appends, and for a follow the archive. */
    static final class Script {
        private final TailTarget target;
        private final Deque<TailScenario.Append> appends;
        private final boolean follow;
        private final int firstIndex;
        private final int pendingAtArchive;
        private boolean archived;

        Script(TailTarget target, TailScenario scenario, boolean follow) {
            this.target = target;
            this.appends = new ArrayDeque<>(scenario.appends());
            this.follow = follow;
            this.firstIndex = scenario.firstIndex();
            this.pendingAtArchive = scenario.pendingAtArchive();
        }

        /** A follow with nothing to deliver is archived before it starts, without the appends, which would move its start. */
        void beforeStart() {
            if (follow && target.log().size() == firstIndex) {
                appends.clear();
                target.archive(pendingAtArchive);
                archived = true;
            }
        }

        void afterTaking(int taken) {
            while (!appends.isEmpty() && appends.peek().afterTaking() <= taken && !archived) {
                target.append(appends.poll().count());
            }
            archiveWhenAllTaken(taken);
        }

        /** A follow ends only once its stream is archived: do that when every event was taken and none is to come. */
        private void archiveWhenAllTaken(int taken) {
            if (!follow || archived || taken < target.log().size() - firstIndex) {
                return;
            }
            if (!appends.isEmpty()) {
                target.append(appends.poll().count());
            } else {
                target.archive(pendingAtArchive);
                archived = true;
            }
        }
    }

    /** What a subscriber throws to stand for a consumer that crashed while it handled an event. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    /**
     * Requests in the scenario's sizes whenever its demand runs out. It may crash in the
     * {@code onNext} of event number {@code crashAt}; that event is then not taken, while the
     * failure it reports ({@code onError}) comes after the checkpoint of the events before it.
     */
    static final class RecordingSubscriber implements Flow.Subscriber<StreamEvent> {
        private final Script script;
        private final List<Long> demand;
        private final int crashAt;
        private final CountDownLatch finished = new CountDownLatch(1);
        final List<String> delivered = new ArrayList<>();
        final AtomicInteger completions = new AtomicInteger();
        volatile Throwable failure;
        private Flow.Subscription subscription;
        private volatile int nextDemand;
        private volatile long outstanding;

        RecordingSubscriber(Script script, List<Long> demand, int crashAt) {
            this.script = script;
            this.demand = demand;
            this.crashAt = crashAt;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            requestMore();
        }

        @Override
        public void onNext(StreamEvent event) {
            if (outstanding <= 0) {
                failure = new AssertionError("onNext beyond demand at " + event.completionId());
                finished.countDown();
                return;
            }
            if (outstanding != Long.MAX_VALUE) {
                outstanding--;
            }
            delivered.add(event.completionId());
            if (delivered.size() == crashAt) {
                throw new SimulatedCrash("crashed while handling " + event.completionId());
            }
            script.afterTaking(delivered.size());
            if (outstanding == 0) {
                if (nextDemand % 2 == 0) {
                    requestMore();
                } else {
                    // From another thread, later: meanwhile the publisher has no demand and must wait.
                    CompletableFuture.runAsync(this::requestMore);
                }
            }
        }

        private void requestMore() {
            long n = demand.get(nextDemand++ % demand.size());
            outstanding = n;
            subscription.request(n);
        }

        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            finished.countDown();
        }

        @Override
        public void onComplete() {
            completions.incrementAndGet();
            finished.countDown();
        }

        void await() {
            try {
                assertTrue(finished.await(PUBLISHER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                        () -> "the publisher neither completed nor failed; delivered " + delivered);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
