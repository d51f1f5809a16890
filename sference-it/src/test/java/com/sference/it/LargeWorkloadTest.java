package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A 200,000-line workload goes out from a JVM whose heap is far smaller than the workload. */
@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class LargeWorkloadTest extends EmulatorPerClass {
    static final int LINES = 200_000;

    @TempDir
    static Path dir;

    static Path workload() throws Exception {
        Path file = dir.resolve("large.jsonl");
        if (Files.exists(file)) {
            return file;
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= LINES; i++) {
                if (i % 2 == 0) {
                    out.write("{\"custom_id\":\"env-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                            + "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"question number " + i
                            + " with some padding to make the line longer than a hundred bytes\"}],\"max_tokens\":16}}");
                } else {
                    out.write("{\"content\":\"question number " + i + " about ünïcödé and other text to pad the line\"}");
                }
                out.write('\n');
            }
        }
        return file;
    }

    @Test
    void submitsTwoHundredThousandLinesWithA48MiBHeap() throws Exception {
        Path file = workload();
        assertTrue(Files.size(file) > 48L * 1024 * 1024 / 2, "the workload is " + Files.size(file) + " bytes");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LargeWorkloadMain.class.getName(),
                emulator.baseUrl(), emulator.apiKey(), file.toString(), MODEL, transport));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
        assertEquals(0, child.exitValue(), output);
        String[] words = output.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow(
                () -> new AssertionError(output)).split(" ");
        assertEquals(String.valueOf(LINES), words[2]);
        assertTrue(Long.parseLong(words[3]) <= 48, "max heap " + words[3] + " MiB");
        assertEquals(LINES, client.batches().get(words[1]).requestCount());
    }
}
