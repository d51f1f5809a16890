package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.JsonlException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonlLineReaderTest {
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    @Test
    void splitsOnLineFeedCarriageReturnLineFeedAndLoneCarriageReturn() throws IOException {
        assertEquals(List.of("a", "", "b", "c", "", "d"), lines("a\n\nb\r\nc\r\rd"));
    }

    @Test
    void readsAFinalLineWithoutTerminatorAndNoLineAfterAFinalTerminator() throws IOException {
        assertEquals(List.of("a", "b"), lines("a\nb"));
        assertEquals(List.of("a", "b"), lines("a\nb\n"));
        assertEquals(List.of("a", "b"), lines("a\nb\r\n"));
        assertEquals(List.of("a", "b"), lines("a\nb\r"));
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(""), lines("\n"));
    }

    @Test
    void countsPhysicalLinesAndSkipsWhatIsLeftOfOne() throws IOException {
        try (JsonlLineReader reader = reader("x\n\r\n\ry\nzzz\n".getBytes(StandardCharsets.UTF_8), 100)) {
            assertEquals(0, reader.lineNumber());
            for (int i = 1; i <= 4; i++) {
                assertTrue(reader.nextLine());
                assertEquals(i, reader.lineNumber());
            }
            assertEquals('y', reader.read());
            assertTrue(reader.nextLine());
            assertEquals('z', reader.read(), "line 5 is read only in part");
            assertFalse(reader.nextLine());
            assertEquals(5, reader.lineNumber());
            assertFalse(reader.nextLine());
        }
    }

    @Test
    void dropsAByteOrderMarkAtTheStartOfTheInputOnly() throws IOException {
        byte[] bytes = concat(BOM, "a\n".getBytes(StandardCharsets.UTF_8), BOM, "b".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("a", "\ufeffb"), lines(bytes, 100));
        assertEquals(List.of("\ufeff"), lines(concat(BOM, BOM), 100));
        assertEquals(List.of("\u00ef\u00bb"), lines(new byte[] {(byte) 0xc3, (byte) 0xaf, (byte) 0xc2, (byte) 0xbb}, 100));
    }

    @Test
    void findsAByteOrderMarkThatArrivesOneByteAtATime() throws IOException {
        InputStream trickle = new ByteArrayInputStream(concat(BOM, "a\nb".getBytes(StandardCharsets.UTF_8))) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertEquals(List.of("a", "b"), lines(new JsonlLineReader(null, trickle, 100)));
    }

    @Test
    void readsLinesThatSpanReadWindows() throws IOException {
        // 70,000 chars of 1 to 4 bytes each: several 64 KiB windows, split inside characters.
        StringBuilder longLine = new StringBuilder();
        String[] pieces = {"a", "\u00e9", "\u4e2d", "\ud83d\ude00"};
        for (int i = 0; i < 70_000; i++) {
            longLine.append(pieces[i % pieces.length]);
        }
        String text = longLine + "\r\n" + longLine + "\n";

        assertEquals(List.of(longLine.toString(), longLine.toString()), lines(text.getBytes(StandardCharsets.UTF_8), 1 << 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void allowsALineOfExactlyTheMaximumWhateverEndsIt(String terminator) throws IOException {
        String line = "x".repeat(100_000);

        assertEquals(List.of(line, "y"), lines((line + terminator + "y").getBytes(StandardCharsets.UTF_8), 100_000));
        assertEquals(List.of(line), lines((line + terminator).getBytes(StandardCharsets.UTF_8), 100_000));
        assertEquals(List.of(line), lines(line.getBytes(StandardCharsets.UTF_8), 100_000));
    }

    @Test
    void refusesALineAtItsFirstBytePastTheMaximumNamingTheLine() throws IOException {
        byte[] bytes = concat(BOM, ("ok\n" + "x".repeat(100_001) + "\n").getBytes(StandardCharsets.UTF_8));
        try (JsonlLineReader reader = reader(bytes, 100_000)) {
            assertTrue(reader.nextLine());
            assertTrue(reader.nextLine());
            for (int i = 0; i < 100_000; i++) {
                assertEquals('x', reader.read());
            }
            assertEquals(100_000, reader.offset());

            JsonlException e = assertThrows(JsonlException.class, reader::read);

            assertEquals(2, e.line());
            assertEquals("the line is longer than the maximum of 100000 bytes (maxJsonlLineBytes)", e.reason());
        }
    }

    @Test
    void doesNotCountTheByteOrderMarkTowardsTheFirstLine() throws IOException {
        assertEquals(List.of("abc"), lines(concat(BOM, "abc".getBytes(StandardCharsets.UTF_8)), 3));
    }

    @Test
    void readsATextAsOneLineWithItsLineBreaks() throws IOException {
        JsonlLineReader reader = JsonlLineReader.ofText("{\n\"a\":\r1}".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("{\n\"a\":\r1}"), lines(reader));
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> lines(String text) throws IOException {
        return lines(text.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static List<String> lines(byte[] bytes, long maxLineBytes) throws IOException {
        return lines(reader(bytes, maxLineBytes));
    }

    private static List<String> lines(JsonlLineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        try (reader) {
            while (reader.nextLine()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int b; (b = reader.read()) != JsonlLineReader.END; ) {
                    line.write(b);
                }
                assertEquals(JsonlLineReader.END, reader.read(), "the end of a line stays the end");
                assertEquals(line.size(), reader.offset());
                lines.add(line.toString(StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static JsonlLineReader reader(byte[] bytes, long maxLineBytes) {
        return new JsonlLineReader(null, new ByteArrayInputStream(bytes), maxLineBytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
