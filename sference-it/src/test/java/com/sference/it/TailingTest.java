package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.EventCursor;
import com.sference.SferenceClient;
import com.sference.TailOptions;
import com.sference.model.CreateResponseRequest;
import com.sference.model.InputMessage;
import com.sference.model.Response;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Tailing streams end to end: checkpoint files, long-polls, closing, cancelled streams, the publisher. */
@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class TailingTest extends EmulatorPerClass {
    @TempDir
    Path dir;

    private List<String> finished(Stream stream, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Response created = client.responses().create(CreateResponseRequest.builder(MODEL)
                    .input(InputMessage.user("job " + i)).streamId(stream.id()).customId("c-" + i).build());
            client.responses().waitForCompletion(created.id(), StreamsTest.QUICK);
            ids.add(created.id());
        }
        return ids;
    }

    /** Waits until the emulator has received a long-poll for the events of {@code streamId}. */
    private static void awaitLongPoll(String streamId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (RecordedRequest request : emulator.requests()) {
                if (request.path().contains(streamId + "/events") && request.path().contains("wait_ms=")) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no long-poll arrived");
    }

    @Test
    void aConsumerWithAFileCheckpointResumesWhereItsLastRunStopped() {
        Stream stream = client.streams().create("resume");
        List<String> ids = finished(stream, 5);
        Path file = dir.resolve("stream_checkpoints.json");
        TailOptions options = TailOptions.builder().checkpoints(CheckpointStore.file(file)).consumer("billing")
                .origin(TailOptions.Origin.EARLIEST).commit(TailOptions.Commit.PER_EVENT).pageSize(2).build();
        List<String> first = new ArrayList<>();
        try (EventCursor events = client.streams().iterate(stream.id(), options)) {
            for (StreamEvent event : events) {
                first.add(event.completionId());
                if (first.size() == 3) {
                    break;
                }
            }
        }
        assertEquals(ids.subList(0, 3), first);
        CheckpointKey key = CheckpointKey.of(emulator.baseUrl() + "/", stream.id(), "billing");
        assertEquals(Optional.of(ids.get(1)), CheckpointStore.file(file).load(key), "the third event was not taken");

        List<String> second = new ArrayList<>();
        try (EventCursor events = client.streams().iterate(stream.id(), options)) {
            events.forEachRemaining(event -> second.add(event.completionId()));
        }
        assertEquals(ids.subList(2, 5), second);
        assertEquals(Optional.of(ids.get(4)), CheckpointStore.file(file).load(key));
        assertTrue(Files.exists(file));
    }

    @Test
    void followDeliversJobsAsTheyCompleteAndEndsWhenTheStreamIsCancelled() throws Exception {
        Stream stream = client.streams().create("follow-cancel");
        List<String> before = finished(stream, 2);
        List<String> delivered = new ArrayList<>();
        try (EventCursor events = client.streams().follow(stream.id(), TailOptions.builder()
                .origin(TailOptions.Origin.EARLIEST).longPollWait(Duration.ofMillis(300)).build())) {
            delivered.add(events.next().completionId());
            delivered.add(events.next().completionId());
            Response pending = client.responses().create(CreateResponseRequest.builder(MODEL)
                    .input(InputMessage.user("never")).streamId(stream.id()).build());
            client.streams().cancel(stream.id());
            events.forEachRemaining(event -> delivered.add(event.completionId()));
            assertEquals(List.of(before.get(0), before.get(1), pending.id()), delivered);
        }
        Response job = client.responses().get(delivered.get(2));
        assertTrue(job.status() == ResponseStatus.CANCELLED || job.status() == ResponseStatus.COMPLETED, job.statusText());
    }

    @Test
    void closingAFollowFromAnotherThreadEndsItsLongPoll() throws Exception {
        Stream stream = client.streams().create("follow-close");
        finished(stream, 1);
        emulator.clearRequests();
        EventCursor events = client.streams().follow(stream.id(), TailOptions.builder()
                .longPollWait(Duration.ofSeconds(30)).build());
        events.next();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(events::hasNext);
        awaitLongPoll(stream.id());
        long closed = System.nanoTime();
        events.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(10), "ended with the close, not the wait");
    }

    @Test
    void aLongPollLongerThanTheClientTimeoutDoesNotTimeOut() throws Exception {
        Stream stream = client.streams().create("follow-timeout");
        emulator.clearRequests();
        try (SferenceClient quick = Transports.builder(emulator, transport).timeout(Duration.ofMillis(400)).build();
                EventCursor events = quick.streams().follow(stream.id(), TailOptions.builder()
                        .longPollWait(Duration.ofMillis(1200)).build())) {
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(events::hasNext);
            awaitLongPoll(stream.id());
            client.streams().archive(stream.id());
            assertFalse(waiting.get(20, TimeUnit.SECONDS), "an empty archived stream ends the follow");
        }
    }

    @Test
    void theAsyncPublisherFollowsUntilTheStreamIsArchived() throws Exception {
        Stream stream = client.streams().create("publisher");
        List<String> ids = finished(stream, 3);
        CheckpointStore store = CheckpointStore.inMemory();
        List<String> delivered = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        client.async().streams().follow(stream.id(), TailOptions.builder().checkpoints(store).pageSize(2)
                .origin(TailOptions.Origin.EARLIEST).longPollWait(Duration.ofMillis(200)).build())
                .subscribe(new Flow.Subscriber<>() {
                    Flow.Subscription subscription;

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscription = s;
                        s.request(1);
                    }

                    @Override
                    public void onNext(StreamEvent event) {
                        delivered.add(event.completionId());
                        if (delivered.size() == 3) {
                            client.streams().archive(stream.id());
                        }
                        subscription.request(1);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure[0] = t;
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        ended.countDown();
                    }
                });
        assertTrue(ended.await(20, TimeUnit.SECONDS), "the publisher did not end");
        assertNull(failure[0]);
        assertEquals(ids, delivered);
        assertEquals(Optional.of(ids.get(2)), store.load(CheckpointKey.of(emulator.baseUrl(), stream.id(), "default")));
    }
}
