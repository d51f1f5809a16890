package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.CheckpointException;
import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.SferenceException;
import com.sference.TailOptions;
import com.sference.model.EventQuery;
import com.sference.model.StreamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher on a direct executor, so that every signal has happened when a call returns. */
class TailPublisherTest {
    static final CheckpointKey KEY = CheckpointKey.of("http://model.test", "s_model", "default");
    static final Executor DIRECT = Runnable::run;

    private final EventLogModel model = new EventLogModel(List.of());
    private final CheckpointStore store = CheckpointStore.inMemory();

    /** Records every signal; requests nothing by itself. */
    static final class Recorder implements Flow.Subscriber<StreamEvent> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        Flow.Subscription subscription;
        Consumer<StreamEvent> onEvent = event -> {};
        Throwable failure;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(StreamEvent event) {
            signals.add(event.completionId());
            onEvent.accept(event);
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            signals.add("error");
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    private Flow.Publisher<StreamEvent> publisher(EventSource source, TailOptions options, boolean follow) {
        return Tails.publisher(source, KEY, options, follow, DIRECT, 0);
    }

    @Test
    void fetchesAPageOnlyWhileTheSubscriberHasDemandAndNeverSendsMoreThanRequested() {
        model.append(5);
        Recorder recorder = new Recorder();
        publisher(model, TailOptions.builder().pageSize(3).origin(TailOptions.Origin.EARLIEST).build(), false)
                .subscribe(recorder);
        assertEquals(List.of(), model.queries(), "no request without demand");
        recorder.subscription.request(1);
        assertEquals(List.of("resp_0000"), recorder.signals);
        int requests = model.queries().size();
        recorder.subscription.request(1);
        assertEquals(List.of("resp_0000", "resp_0001"), recorder.signals);
        assertEquals(requests, model.queries().size(), "served from the page held");
        recorder.subscription.request(2);
        assertEquals(List.of("resp_0000", "resp_0001", "resp_0002", "resp_0003"), recorder.signals);
        recorder.subscription.request(10);
        assertEquals(List.of("resp_0000", "resp_0001", "resp_0002", "resp_0003", "resp_0004", "complete"), recorder.signals);
    }

    @Test
    void savesTheCheckpointOnlyOnceOnNextHasReturned() {
        model.append(2);
        Recorder recorder = new Recorder();
        List<Optional<String>> seenInOnNext = new ArrayList<>();
        recorder.onEvent = event -> seenInOnNext.add(store.load(KEY));
        publisher(model, TailOptions.builder().checkpoints(store).commit(TailOptions.Commit.PER_EVENT).build(), false)
                .subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);
        assertEquals(List.of(Optional.empty(), Optional.of("resp_0000")), seenInOnNext);
        assertEquals(Optional.of("resp_0001"), store.load(KEY));
    }

    @Test
    void anEventWhoseOnNextThrowsIsNotSavedAndTheFailureIsSignalled() {
        model.append(2);
        Recorder recorder = new Recorder();
        IllegalStateException crash = new IllegalStateException("handler failed");
        recorder.onEvent = event -> {
            if (event.completionId().equals("resp_0001")) {
                throw crash;
            }
        };
        publisher(model, TailOptions.builder().checkpoints(store).commit(TailOptions.Commit.PER_EVENT).build(), false)
                .subscribe(recorder);
        recorder.subscription.request(5);
        assertEquals(List.of("resp_0000", "resp_0001", "error"), recorder.signals);
        assertSame(crash, recorder.failure);
        assertEquals(Optional.of("resp_0000"), store.load(KEY));
    }

    @Test
    void cancellingStopsPollingAndCancelsTheRequestInFlight() throws Exception {
        ManualEventSource source = new ManualEventSource();
        Recorder recorder = new Recorder();
        Tails.publisher(source, KEY, TailOptions.defaults(), true, DIRECT, 0).subscribe(recorder);
        recorder.subscription.request(1);
        ManualEventSource.Request poll = source.next();
        recorder.subscription.cancel();
        assertTrue(poll.answer().isCancelled());
        recorder.subscription.request(1);
        assertNull(source.poll(), "no request after cancel");
        assertEquals(List.of(), recorder.signals);
    }

    @Test
    void takesOneSubscriberAndRefusesASecond() {
        Flow.Publisher<StreamEvent> publisher = publisher(model, TailOptions.defaults(), false);
        publisher.subscribe(new Recorder());
        Recorder second = new Recorder();
        publisher.subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.failure);
        assertEquals(List.of("error"), second.signals);
    }

    @Test
    void aRequestForNothingFailsTheSubscription() {
        Recorder recorder = new Recorder();
        publisher(model, TailOptions.defaults(), false).subscribe(recorder);
        recorder.subscription.request(0);
        assertInstanceOf(IllegalArgumentException.class, recorder.failure);
    }

    @Test
    void aFailedRequestEndsTheSubscriptionWithItsSdkException() throws Exception {
        ManualEventSource source = new ManualEventSource();
        Recorder recorder = new Recorder();
        Tails.publisher(source, KEY, TailOptions.defaults(), false, DIRECT, 0).subscribe(recorder);
        recorder.subscription.request(1);
        SferenceException failure = new SferenceException("HTTP 503: busy");
        source.next().answer().completeExceptionally(failure);
        assertSame(failure, recorder.failure);
    }

    @Test
    void anUnreadableCheckpointEndsTheSubscription(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, "[]");
        Recorder recorder = new Recorder();
        publisher(model, TailOptions.builder().checkpoints(CheckpointStore.file(file)).build(), false).subscribe(recorder);
        assertInstanceOf(CheckpointException.class, recorder.failure);
        assertEquals(List.of(), model.queries());
    }

    @Test
    void aClosedClientFailsTheSubscriber() {
        Recorder recorder = new Recorder();
        Executor closed = task -> {
            throw new RejectedExecutionException("shut down");
        };
        Tails.publisher(model, KEY, TailOptions.defaults(), false, closed, 0).subscribe(recorder);
        assertInstanceOf(SferenceException.class, recorder.failure);
    }

    @Test
    void followLongPollsWithTheConfiguredWait() throws Exception {
        ManualEventSource source = new ManualEventSource();
        Recorder recorder = new Recorder();
        Tails.publisher(source, KEY, TailOptions.builder().startingAfter("resp_0")
                .longPollWait(java.time.Duration.ofMillis(2500)).build(), true, DIRECT, 0).subscribe(recorder);
        recorder.subscription.request(1);
        ManualEventSource.Request first = source.next();
        assertEquals(new EventQuery(100, "resp_0", null, 0), first.query(), "the first page is never held");
        first.answerPage(List.of(), false);
        source.next().answerStream(com.sference.model.StreamStatus.OPEN, 0);
        assertEquals(new EventQuery(100, "resp_0", null, 2500), source.next().query());
    }
}
