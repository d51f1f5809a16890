package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sference.CheckpointKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint file is shared with the Python SDK 0.0.1: a fixture it wrote is read, and what
 * this store writes is read by its {@code checkpoint.py} (run from the seed beside the clone,
 * {@code ../shared/seed/python-sdk-0.0.1}, when it and {@code python3} are there).
 */
class PythonCheckpointInteropTest {
    static final String BASE = "https://api.sference.com";
    static final String STREAM = "3f6c1b2e-0d7a-4c1e-9b8a-5e2f7d9c4a10";
    static final String LEGACY_BASE = "http://127.0.0.1:8000";
    static final String LEGACY_STREAM = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        Path file = dir.resolve("stream_checkpoints.json");
        try (InputStream in = getClass().getResourceAsStream("/checkpoints/python-0.0.1.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsEveryEntryOfAFileThePythonSdkWrote() throws IOException {
        FileCheckpointStore store = new FileCheckpointStore(fixture(), Clock.systemUTC());
        assertEquals(Optional.of("resp_5b0e7c3f2a9d4e61b8c7a0f1d2e3b4c5"), store.load(CheckpointKey.of(BASE + "/", STREAM, "default")));
        assertEquals(Optional.of("resp_0a1b2c3d4e5f60718293a4b5c6d7e8f9"), store.load(CheckpointKey.of(BASE, STREAM, "billing")));
        assertEquals(Optional.of("resp_11112222333344445555666677778888"),
                store.load(CheckpointKey.of(BASE, STREAM, "café \ud83d\ude00")));
        assertEquals(Optional.of("resp_legacy00000000000000000000000001"),
                store.load(CheckpointKey.of(LEGACY_BASE, LEGACY_STREAM, "default")));
        assertEquals(Optional.empty(), store.load(CheckpointKey.of(BASE, STREAM, "nobody")));
    }

    @Test
    void rewritesThePythonSdksFileByteForByte() throws IOException {
        Path file = fixture();
        byte[] before = Files.readAllBytes(file);
        Clock sameInstant = Clock.fixed(Instant.parse("2026-11-24T22:08:57.051289Z"), ZoneOffset.UTC);
        new FileCheckpointStore(file, sameInstant).save(CheckpointKey.of(BASE, STREAM, "default"),
                "resp_5b0e7c3f2a9d4e61b8c7a0f1d2e3b4c5");
        assertArrayEquals(before, Files.readAllBytes(file), () -> readString(file));
    }

    @Test
    void thePythonSdkReadsWhatThisStoreWrote() throws Exception {
        Path checkpointPy = seedCheckpointPy();
        Path file = fixture();
        FileCheckpointStore store = new FileCheckpointStore(file, Clock.systemUTC());
        store.save(CheckpointKey.of(BASE, STREAM, "default"), "resp_java_1");
        store.save(CheckpointKey.of(LEGACY_BASE, LEGACY_STREAM, "default"), "resp_java_2");
        store.save(CheckpointKey.of(BASE, STREAM, "ünï"), "resp_java_3");
        store.clear(CheckpointKey.of(BASE, STREAM, "billing"));

        String script = "import importlib.util, json, sys\n"
                + "spec = importlib.util.spec_from_file_location('checkpoint', sys.argv[1])\n"
                + "cp = importlib.util.module_from_spec(spec); spec.loader.exec_module(cp)\n"
                + "for base, stream, consumer in [('" + BASE + "/', '" + STREAM + "', 'default'),"
                + " ('" + LEGACY_BASE + "', '" + LEGACY_STREAM + "', 'default'),"
                + " ('" + BASE + "', '" + STREAM + "', '\\u00fcn\\u00ef'),"
                + " ('" + BASE + "', '" + STREAM + "', 'caf\\u00e9 \\U0001F600'),"
                + " ('" + BASE + "', '" + STREAM + "', 'billing')]:\n"
                + "    print(cp.load_checkpoint(base, stream, consumer))\n"
                + "data = json.loads(cp._store_path().read_text(encoding='utf-8'))\n"
                + "sys.stdout.write('same bytes: %s\\n' % (json.dumps(data, indent=2, sort_keys=True) + '\\n'"
                + " == cp._store_path().read_text(encoding='utf-8')))\n"
                + "cp.save_checkpoint('" + BASE + "', '" + STREAM + "', 'python', 'resp_py_1')\n";
        List<String> lines = python(file, script, checkpointPy.toString());
        assertEquals(List.of("resp_java_1", "resp_java_2", "resp_java_3", "resp_11112222333344445555666677778888",
                "None", "same bytes: True"), lines);
        assertEquals(Optional.of("resp_py_1"), store.load(CheckpointKey.of(BASE, STREAM, "python")));
        assertEquals(Optional.of("resp_java_3"), store.load(CheckpointKey.of(BASE, STREAM, "ünï")));
    }

    /** {@return the seed's {@code checkpoint.py}}, skipping the test when it or python3 is missing */
    private static Path seedCheckpointPy() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path checkpointPy = module.getParent().getParent()
                .resolve("shared/seed/python-sdk-0.0.1/sference_sdk/checkpoint.py").normalize();
        assumeTrue(Files.isRegularFile(checkpointPy), "the Python SDK 0.0.1 seed is not at " + checkpointPy);
        assumeTrue(python3Runs(), "python3 is not on the PATH");
        return checkpointPy;
    }

    private static boolean python3Runs() {
        try {
            Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> python(Path checkpoints, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SFERENCE_STREAM_CHECKPOINTS", checkpoints.toString());
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
