package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.SferenceClient;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.InputMessage;
import com.sference.model.StreamEvent;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer ({@link TailCrashMain}, in a child JVM) tails a stream with the file checkpoint store
 * and per-event commits while this test keeps adding jobs to the stream, and is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) at random points, then restarted; the last run,
 * after the stream is archived, reads it to its end. After every kill the checkpoint file parses
 * and never points past the last event the consumer wrote; in the end the ids the runs wrote
 * cover the whole event log in order with no gap, and an id is written twice only where a run
 * was killed: the first event of a run is the last one written before the kill, or the next one.
 *
 * <p>Runs with the first transport found; the random points come from a seeded {@link Random}
 * ({@code -Dsference.crash.seed=N} to replay).
 */
@Timeout(180)
class TailCrashTest {
    static final int KILLS = 24;
    static final long SEED = Long.getLong("sference.crash.seed", 20_261_124L);

    @TempDir
    Path dir;

    @Test
    void aConsumerKilledAtRandomPointsResumesWithoutGapsAndItsCheckpointAlwaysParses() throws Exception {
        Random random = new Random(SEED);
        Path checkpoints = dir.resolve("stream_checkpoints.json");
        Path out = dir.resolve("delivered.txt");
        String transport = Transports.names().get(0);
        long started = System.nanoTime();
        try (SferenceEmulator emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ZERO).build());
                SferenceClient client = Transports.client(emulator, transport)) {
            String streamId = client.streams().create("crash").id();
            CheckpointKey key = CheckpointKey.of(emulator.baseUrl(), streamId, "crash-test");
            List<String> created = new CopyOnWriteArrayList<>();
            List<Integer> runStarts = new ArrayList<>();
            Map<Integer, String> checkpointAfterKill = new HashMap<>();
            int killsDuringSave = 0;

            for (int kill = 0; kill < KILLS; kill++) {
                create(client, streamId, created, 3 + random.nextInt(12));
                runStarts.add(lines(out).size());
                AtomicBoolean producing = new AtomicBoolean(true);
                Thread producer = new Thread(() -> {
                    while (producing.get()) {
                        create(client, streamId, created, 1);
                        sleepQuietly(15);
                    }
                }, "producer");
                producer.start();
                Process child = start(emulator, transport, streamId, checkpoints, out, kill);
                try {
                    if (random.nextInt(5) == 0) {
                        Thread.sleep(random.nextInt(600));
                    } else {
                        awaitLines(child, out, lines(out).size() + 1 + random.nextInt(25), kill);
                        Thread.sleep(random.nextInt(40));
                    }
                } finally {
                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "a killed child did not end");
                    producing.set(false);
                    producer.join();
                }
                dropTornLastLine(out);
                if (!temporaryCheckpointFiles().isEmpty()) {
                    killsDuringSave++;
                }
                Optional<String> checkpoint = assertCheckpointFileParses(checkpoints, key);
                checkpoint.ifPresent(id -> checkpointAfterKill.put(runStarts.size() - 1, id));
                assertCheckpointAtMostOneBehind(checkpoint, lines(out), created);
            }

            client.streams().archive(streamId);
            runStarts.add(lines(out).size());
            Process last = start(emulator, transport, streamId, checkpoints, out, KILLS);
            assertTrue(last.waitFor(60, TimeUnit.SECONDS), "the last run did not drain the archived stream");
            String output = Files.readString(dir.resolve("run-" + KILLS + ".log"));
            assertEquals(0, last.exitValue(), output);
            assertTrue(output.contains("drained"), output);

            List<String> log = serverLog(client, streamId);
            assertEquals(created, log, "the emulator logs events in creation order");
            List<String> written = lines(out);
            assertEquals(log, new ArrayList<>(new LinkedHashSet<>(written)), "the runs together wrote the whole log, in order");
            int duplicates = assertRunsJoinWithoutGaps(log, written, runStarts);
            assertTrue(duplicates <= KILLS, "at most one event again per kill: " + duplicates);
            assertEquals(Optional.of(log.get(log.size() - 1)), CheckpointStore.file(checkpoints).load(key));
            assertEquals(List.of(), temporaryCheckpointFiles(), "the last save removed what killed saves left");
            System.out.printf("TailCrashTest: %d kills (%d during a checkpoint save), %d events, %d written again "
                    + "after a kill, %d kills with a checkpoint saved, %.1f s (seed %d, %s)%n", KILLS, killsDuringSave, log.size(),
                    duplicates, checkpointAfterKill.size(), (System.nanoTime() - started) / 1e9, SEED, transport);
        }
    }

    private Process start(SferenceEmulator emulator, String transport, String streamId, Path checkpoints, Path out,
            int run) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TailCrashMain.class.getName(), emulator.baseUrl(), emulator.apiKey(), transport, streamId,
                checkpoints.toString(), out.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-" + run + ".log").toFile()).start();
    }

    /** {@return the temporary files of checkpoint saves that were killed before their move} */
    private List<Path> temporaryCheckpointFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(".stream_checkpoints.json.")).toList();
        }
    }

    private static void create(SferenceClient client, String streamId, List<String> created, int count) {
        for (int i = 0; i < count; i++) {
            created.add(client.responses().create(CreateResponseRequest.builder(EmulatorPerClass.MODEL)
                    .input(InputMessage.user("job " + created.size())).streamId(streamId).build()).id());
        }
    }

    /** Waits until the output has {@code count} lines (a child that ends by itself fails the test). */
    private void awaitLines(Process child, Path out, int count, int run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines(out).size() < count) {
            if (!child.isAlive()) {
                throw new AssertionError("run " + run + " ended by itself: " + Files.readString(dir.resolve("run-" + run + ".log")));
            }
            assertTrue(System.nanoTime() < deadline, "run " + run + " did not reach " + count + " lines in 30 s");
            Thread.sleep(2);
        }
    }

    /** A kill during a write may leave half a line: the consumer did not get past it, so it goes. */
    private static void dropTornLastLine(Path out) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(out);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
    }

    private static List<String> lines(Path out) throws IOException {
        return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    }

    /** {@return the checkpoint}, after checking that the file is strict JSON that the store reads */
    private static Optional<String> assertCheckpointFileParses(Path file, CheckpointKey key) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonReader reader = new JsonReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root = JsonParser.parseReader(reader);
        assertEquals(JsonToken.END_DOCUMENT, reader.peek());
        assertTrue(root.isJsonObject(), "the checkpoint file holds an object");
        return CheckpointStore.file(file).load(key);
    }

    /**
     * Per event, the checkpoint is the last event written (saved) or the one before it (written, not
     * yet saved when killed); never one not written yet.
     */
    private static void assertCheckpointAtMostOneBehind(Optional<String> checkpoint, List<String> written,
            List<String> log) {
        if (checkpoint.isEmpty()) {
            assertTrue(new LinkedHashSet<>(written).size() <= 1, "no checkpoint after " + written.size() + " events");
            return;
        }
        int saved = log.indexOf(checkpoint.get());
        int last = log.indexOf(written.get(written.size() - 1));
        assertTrue(saved == last || saved == last - 1,
                "the checkpoint is event " + saved + " while the last event written is " + last);
    }

    /**
     * Checks that each run wrote consecutive events of the log, starting with the last event the
     * runs before it wrote (taken but not yet saved when killed) or the one after it; {@return how
     * many events were written twice}
     */
    private static int assertRunsJoinWithoutGaps(List<String> log, List<String> written, List<Integer> runStarts) {
        int duplicates = 0;
        int lastIndex = -1;
        for (int run = 0; run < runStarts.size(); run++) {
            int from = runStarts.get(run);
            int to = run + 1 < runStarts.size() ? runStarts.get(run + 1) : written.size();
            for (int line = from; line < to; line++) {
                int index = log.indexOf(written.get(line));
                if (line == from && index == lastIndex) {
                    duplicates++;
                } else {
                    assertEquals(lastIndex + 1, index, "run " + run + ", line " + line + ": a gap or an event out of order");
                }
                lastIndex = index;
            }
        }
        assertEquals(log.size() - 1, lastIndex, "the last run reached the end of the log");
        return duplicates;
    }

    private static List<String> serverLog(SferenceClient client, String streamId) {
        List<String> newestFirst = new ArrayList<>();
        EventPage page = client.streams().events(streamId, EventQuery.latest().withLimit(100));
        page.data().forEach(event -> newestFirst.add(event.completionId()));
        while (page.hasMore()) {
            page = client.streams().events(streamId, EventQuery.before(newestFirst.get(newestFirst.size() - 1)).withLimit(100));
            page.data().stream().map(StreamEvent::completionId).forEach(newestFirst::add);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
