package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import com.sference.CheckpointException;
import com.sference.CheckpointKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileCheckpointStoreTest {
    static final CheckpointKey KEY = CheckpointKey.of("http://127.0.0.1:8000", "s_1", "default");
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T20:13:00.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private FileCheckpointStore store(Path file) {
        return new FileCheckpointStore(file, FIXED);
    }

    @Test
    void aMissingFileHoldsNoCheckpointAndIsNotCreatedByReading() {
        Path file = dir.resolve("absent/stream_checkpoints.json");
        assertEquals(Optional.empty(), store(file).load(KEY));
        store(file).clear(KEY);
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void savesInThePythonSdksFormat() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        store(file).save(KEY, "resp_1");
        assertEquals("{\n"
                + "  \"http://127.0.0.1:8000:s_1:default\": {\n"
                + "    \"last_completion_id\": \"resp_1\",\n"
                + "    \"updated_at\": \"2026-11-24T20:13:00.123456+00:00\"\n"
                + "  }\n"
                + "}\n", Files.readString(file));
        assertEquals(Optional.of("resp_1"), store(file).load(KEY));
    }

    @Test
    void replacesItsOwnEntryAndLeavesOthersAsTheyWere() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        String other = "{\n  \"x\": {\n    \"a\": [\n      1.50,\n      true,\n      null,\n      {}\n    ],\n"
                + "    \"b\": \"\\u00e9\"\n  }\n}\n";
        Files.writeString(file, other);
        FileCheckpointStore store = store(file);
        store.save(KEY, "resp_1");
        store.save(KEY, "resp_2");
        assertEquals(Optional.of("resp_2"), store.load(KEY));
        String written = Files.readString(file);
        assertTrue(written.endsWith(other.substring(1)), written);
        store.clear(KEY);
        assertEquals(other, Files.readString(file));
    }

    @Test
    void readsTheLegacyLastEventIdWhenLastCompletionIdIsMissing() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, "{\"" + KEY + "\": {\"last_event_id\": \"resp_old\", \"updated_at\": \"x\"}}");
        assertEquals(Optional.of("resp_old"), store(file).load(KEY));
        Files.writeString(file, "{\"" + KEY + "\": {\"last_completion_id\": null, \"last_event_id\": \"resp_old\"}}");
        assertEquals(Optional.of("resp_old"), store(file).load(KEY));
        Files.writeString(file, "{\"" + KEY + "\": {\"last_completion_id\": \"resp_new\", \"last_event_id\": \"resp_old\"}}");
        assertEquals(Optional.of("resp_new"), store(file).load(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"a\": 1", "[]", "\"text\"", "null", "{} {}", "{\"a\": NaN}", "{'a': 1}"})
    void aFileThatIsNotAJsonObjectIsAnErrorNamingIt(String content) throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, content);
        assertCorrupt(file, () -> store(file).load(KEY));
        assertCorrupt(file, () -> store(file).save(KEY, "resp_1"));
        assertCorrupt(file, () -> store(file).clear(KEY));
        assertEquals(content, Files.readString(file), "a file the store does not understand is never overwritten");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"resp_1\"", "[]", "{}", "{\"updated_at\": \"x\"}", "{\"last_completion_id\": 7}",
            "{\"last_completion_id\": \"\"}", "{\"last_completion_id\": null, \"last_event_id\": null}",
            "{\"last_event_id\": {\"id\": \"resp_1\"}}"})
    void anEntryOfTheWrongShapeIsAnErrorNamingTheFile(String entry) throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, "{\"" + KEY + "\": " + entry + "}");
        CheckpointException e = assertCorrupt(file, () -> store(file).load(KEY));
        assertTrue(e.getMessage().contains(KEY.toString()), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'});
        assertCorrupt(file, () -> store(file).load(KEY));
    }

    @Test
    void aBadEntryOfAnotherKeyDoesNotStopThisOne() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Files.writeString(file, "{\"other\": 42}");
        store(file).save(KEY, "resp_1");
        assertEquals(Optional.of("resp_1"), store(file).load(KEY));
        assertEquals(42, JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("other").getAsInt());
    }

    @Test
    void createsTheFileItsDirectoryAndLockForTheOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path file = dir.resolve("home/.sference/stream_checkpoints.json");
        store(file).save(KEY, "resp_1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.resolveSibling("stream_checkpoints.json.lock"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void removesTheTemporaryFilesOfAWriterThatDied() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        Path leftover = dir.resolve(".stream_checkpoints.json.123456789.tmp");
        Path unrelated = dir.resolve(".stream_checkpoints.json.other.tmp");
        Files.writeString(leftover, "{");
        Files.writeString(unrelated, "keep");
        store(file).save(KEY, "resp_1");
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(unrelated));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(".stream_checkpoints.json.other.tmp", "stream_checkpoints.json",
                    "stream_checkpoints.json.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void savesFromManyThreadsAreNeverLost() throws Exception {
        Path file = dir.resolve("stream_checkpoints.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String consumer = "c" + t;
                FileCheckpointStore store = store(file);
                saves.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.save(CheckpointKey.of("http://h", "s", consumer + "-" + i), "resp_" + i);
                    }
                }));
            }
            for (Future<?> save : saves) {
                save.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(100, JsonParser.parseString(Files.readString(file)).getAsJsonObject().size());
    }

    @Test
    void savesFromSeveralProcessesAreNeverLost() throws Exception {
        Path file = dir.resolve("stream_checkpoints.json");
        List<Process> writers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CheckpointWriterMain.class.getName(),
                    file.toString(), "p" + p, "40").redirectErrorStream(true).start());
        }
        for (Process writer : writers) {
            String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "a writer did not finish");
            assertEquals(0, writer.exitValue(), output);
        }
        assertEquals(120, JsonParser.parseString(Files.readString(file)).getAsJsonObject().size());
    }

    @Test
    void completesASaveOnAnInterruptedThreadAndKeepsTheInterrupt() {
        Path file = dir.resolve("stream_checkpoints.json");
        Thread.currentThread().interrupt();
        try {
            store(file).save(KEY, "resp_1");
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(Optional.of("resp_1"), store(file).load(KEY));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void formatsTimesAsPythonsIsoformat() {
        assertEquals("2026-11-24T20:13:00.123456+00:00",
                CheckpointDocument.pythonIsoFormat(Instant.parse("2026-11-24T20:13:00.123456789Z")));
        assertEquals("2026-11-24T20:13:00+00:00", CheckpointDocument.pythonIsoFormat(Instant.parse("2026-11-24T20:13:00.000000900Z")));
        assertEquals("2026-11-24T20:13:00.000100+00:00",
                CheckpointDocument.pythonIsoFormat(Instant.parse("2026-11-24T20:13:00.0001Z")));
    }

    private static CheckpointException assertCorrupt(Path file, Runnable action) {
        CheckpointException e = assertThrows(CheckpointException.class, action::run);
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertEquals(Optional.of(file.toAbsolutePath()), e.file());
        return e;
    }
}
