package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.SferenceClient;
import com.sference.model.CreateResponseRequest;
import com.sference.model.InputMessage;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.WaitOptions;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TailerTest {
    private SferenceEmulator emulator;
    private SferenceClient client;
    private final CheckpointStore checkpoints = CheckpointStore.inMemory();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() {
        emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ofMillis(10)).build());
        client = SferenceClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private void send(Stream stream, String prompt) {
        client.responses().createAndWait(CreateResponseRequest.builder("m").input(InputMessage.user(prompt))
                .streamId(stream.id()).build(), WaitOptions.of(Duration.ofMillis(10), Duration.ofSeconds(10)));
    }

    @Test
    void withoutACheckpointStartsWithTheNewestPageInChronologicalOrder() {
        Stream stream = client.streams().create("s");
        for (int i = 0; i < 3; i++) {
            send(stream, "p" + i);
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        long n = new Tailer(client, checkpoints, out).tail(stream.id(), Duration.ofMillis(200),
                e -> seen.add(e.result().outputText()));
        assertEquals(3, n);
        assertEquals(List.of("echo: p0", "echo: p1", "echo: p2"), seen);
        String last = client.streams().get(stream.id()).latestCompletionId();
        assertEquals(last, checkpoints.load(CheckpointKey.of(emulator.baseUrl(), stream.id(), CheckpointKey.DEFAULT_CONSUMER)).orElseThrow());
    }

    @Test
    void movesTheCheckpointOnlyAfterTheConsumerTookTheEvent() {
        Stream stream = client.streams().create("s");
        send(stream, "one");
        send(stream, "two");
        Tailer tailer = new Tailer(client, checkpoints, out);
        RuntimeException refused = new IllegalStateException("consumer failed");
        try {
            tailer.tail(stream.id(), Duration.ofMillis(200), e -> {
                if (e.result().outputText().equals("echo: two")) {
                    throw refused;
                }
            });
        } catch (IllegalStateException e) {
            assertEquals(refused, e);
        }
        assertEquals(1, tailer.delivered());
        List<StreamEvent> again = new CopyOnWriteArrayList<>();
        new Tailer(client, checkpoints, out).tail(stream.id(), Duration.ofMillis(200), again::add);
        assertEquals(List.of("echo: two"), again.stream().map(e -> e.result().outputText()).toList());
    }

    @Test
    void anInterruptStopsAWaitingTailAndIsConsumed() throws Exception {
        Stream stream = client.streams().create("s");
        AtomicLong result = new AtomicLong(-1);
        Thread thread = new Thread(() -> {
            result.set(new Tailer(client, checkpoints, out).tail(stream.id(), null, e -> { }));
            if (Thread.currentThread().isInterrupted()) {
                result.set(-2);
            }
        });
        thread.start();
        Thread.sleep(500);
        assertTrue(thread.isAlive(), "following an open stream");
        thread.interrupt();
        thread.join(5_000);
        assertFalse(thread.isAlive());
        assertEquals(0, result.get());
        assertTrue(printed.toString(StandardCharsets.UTF_8).endsWith("tail: 0 new events, interrupted\n"),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCancelledStreamEndsOnceItsCancelledJobsAreEvents() {
        Stream stream = client.streams().create("s");
        client.responses().create(CreateResponseRequest.builder("m").input(InputMessage.user("x"))
                .streamId(stream.id()).build());
        client.streams().cancel(stream.id());
        List<StreamEvent> seen = new CopyOnWriteArrayList<>();
        long n = new Tailer(client, checkpoints, out).tail(stream.id(), null, seen::add);
        assertEquals(seen.size(), n);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("stream cancelled and drained"),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsARowPerEventUnderOneHeader() {
        Stream stream = client.streams().create("s");
        send(stream, "hello");
        send(stream, "world");
        new Tailer(client, checkpoints, out).tail(stream.id(), Duration.ofMillis(200), null);
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size(), lines.toString());
        assertEquals(Views.eventHeader(), lines.get(1));
        assertTrue(lines.get(2).matches("  resp_\\w+  -  +completed  +\\d+  echo: hello"), lines.get(2));
        assertTrue(lines.get(3).endsWith("echo: world"), lines.get(3));
    }
}
