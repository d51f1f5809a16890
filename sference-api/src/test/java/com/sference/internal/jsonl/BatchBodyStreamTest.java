package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.JsonlException;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BatchBodyStreamTest {
    private static final String CHAT = "\"method\":\"POST\",\"url\":\"/v1/chat/completions\"";

    @TempDir
    Path dir;

    @Test
    void yieldsTheSameBytesOneAtATimeAsInBulk() throws IOException {
        Path file = workload(3_000);
        JsonlWorkload workload = JsonlWorkload.scan(file, "m");

        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (InputStream in = workload.body().openStream()) {
            int b;
            while ((b = in.read()) != -1) {
                single.write(b);
            }
            assertEquals(-1, in.read());
        }

        assertArrayEquals(JsonlWorkloadTest.drain(workload.body()), single.toByteArray());
        assertEquals(workload.contentLength(), single.size());
    }

    @Test
    void fillsTheCallersBufferAtItsOffsetAndEndsWithMinusOne() throws IOException {
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{\"content\":\"x\"}");
        String expected = "{\"window\":\"24h\",\"requests\":[{\"custom_id\":\"request-1\",\"body\":"
                + "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}]}";

        try (InputStream in = JsonlWorkload.batchBody(file, "m").openStream()) {
            byte[] target = new byte[expected.length() + 10];
            int read = in.read(target, 5, target.length - 5);

            assertEquals(expected.length(), read);
            assertEquals(expected, new String(target, 5, read, StandardCharsets.UTF_8));
            assertEquals(0, in.read(target, 0, 0));
            assertEquals(-1, in.read(target, 0, 4));
            assertEquals(-1, in.read(target, 0, 4));
        }
    }

    @Test
    void refusesToOpenWhenTheFileChangedSinceTheScan() throws IOException {
        Path file = workload(10);
        JsonlWorkload workload = JsonlWorkload.scan(file, "m");
        Files.writeString(file, "{\"content\":\"more\"}\n", java.nio.file.StandardOpenOption.APPEND);

        IOException e = assertThrows(IOException.class, () -> workload.body().openStream());

        assertTrue(e.getMessage().contains(file + " changed after it was validated"), e.getMessage());
    }

    @Test
    void failsAtTheLineThatBecameInvalidWhenSizeAndTimeStayed() throws IOException {
        Path file = Files.writeString(dir.resolve("w.jsonl"), "{\"content\":\"a\"}\n{\"content\":\"b\"}\n");
        JsonlWorkload workload = JsonlWorkload.scan(file, "m");
        FileTime scanned = Files.getLastModifiedTime(file);
        Files.writeString(file, "{\"content\":\"a\"}\n{\"content\":\"b\"]\n");
        Files.setLastModifiedTime(file, scanned);

        IOException e;
        try (InputStream in = workload.body().openStream()) {
            e = assertThrows(IOException.class, () -> in.transferTo(OutputSink.INSTANCE));
            assertThrows(IOException.class, in::read, "a failed stream keeps failing");
        }

        JsonlException cause = assertInstanceOf(JsonlException.class, e.getCause());
        assertEquals(2, cause.line());
        assertTrue(e.getMessage().startsWith("the workload changed after it was validated: " + file + ":2: malformed JSON"),
                e.getMessage());
    }

    @Test
    void failsWhenTheBodyNoLongerHasTheDeclaredLength() throws IOException {
        Path file = Files.writeString(dir.resolve("w.jsonl"), "{\"content\":\"abcdef\"}\n");
        JsonlWorkload workload = JsonlWorkload.scan(file, "m");
        FileTime scanned = Files.getLastModifiedTime(file);
        Files.writeString(file, "{\"content\":\"abc\"}   \n");
        Files.setLastModifiedTime(file, scanned);

        try (InputStream in = workload.body().openStream()) {
            IOException e = assertThrows(IOException.class, () -> in.transferTo(OutputSink.INSTANCE));

            assertTrue(e.getMessage().contains("it now has 1 requests in " + (workload.contentLength() - 3) + " bytes"),
                    e.getMessage());
        }
    }

    @Test
    void failsToReadAfterClose() throws IOException {
        InputStream in = JsonlWorkload.batchBody(workload(3), "m").openStream();
        in.close();

        assertThrows(IOException.class, in::read);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void streamsA200000LineWorkloadIn48MegabytesOfHeap() throws Exception {
        Path file = workload(200_000);
        assertTrue(Files.size(file) > 48L << 20, "the workload must not fit in the child's heap: " + Files.size(file));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DrainBatchBody.class.getName(), file.toString(), "m")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), output);

        assertEquals(0, child.exitValue(), output);
        Matcher drained = Pattern.compile("drained (\\d+) of (\\d+)").matcher(output);
        assertTrue(drained.find(), output);
        assertEquals(drained.group(2), drained.group(1), output);
        assertEquals(JsonlWorkload.scan(file, "m").contentLength(), Long.parseLong(drained.group(1)));
    }

    /**
     * Writes {@code lines} requests, alternating content lines and OpenAI batch lines, with a blank
     * line now and then; about 300 bytes a line.
     */
    private Path workload(int lines) throws IOException {
        Path file = dir.resolve("workload-" + lines + ".jsonl");
        String filler = "Tell me about line %d: caf\u00e9, \u4e2d\u6587, \ud83d\ude00, \\\"quoted\\\", tab\\t. "
                + "The quick brown fox jumps over the lazy dog, again and again, and again, until the dog wakes up and chases the fox across the field and back.";
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String content = String.format(filler, i);
                if (i % 2 == 0) {
                    out.write("{\"content\":\"" + content + "\"}\n");
                } else {
                    out.write("{\"custom_id\":\"b-" + i + "\"," + CHAT + ",\"body\":{\"model\":\"q\",\"max_tokens\":"
                            + i + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n");
                }
                if (i % 1000 == 0) {
                    out.write("\n");
                }
            }
        }
        return file;
    }

    /** Discards what is written. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
