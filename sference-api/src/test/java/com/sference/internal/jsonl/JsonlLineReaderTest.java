package com.sference.internal.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sference.JsonlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlLineReaderTest {
    @TempDir
    Path dir;

    @Test
    void splitsOnLineFeedCarriageReturnLineFeedAndLoneCarriageReturn() throws IOException {
        assertEquals(List.of("a", "", "b", "c", "", "d"), lines("a\n\nb\r\nc\r\rd".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAFinalLineWithoutTerminatorAndNoLineAfterAFinalTerminator() throws IOException {
        assertEquals(List.of("a", "b"), lines("a\nb".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), lines("a\nb\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), lines("a\nb\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), lines("a\nb\r".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), lines(new byte[0]));
        assertEquals(List.of(""), lines("\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsPhysicalLines() throws IOException {
        Path file = write("x\n\r\n\ry\n".getBytes(StandardCharsets.UTF_8));
        try (JsonlLineReader reader = JsonlLineReader.open(file)) {
            assertEquals(0, reader.lineNumber());
            while (!"y".equals(reader.next())) {
                // skip to y
            }
            assertEquals(4, reader.lineNumber());
            assertNull(reader.next());
            assertEquals(4, reader.lineNumber());
        }
    }

    @Test
    void dropsAByteOrderMarkAtTheStartOfTheFileOnly() throws IOException {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] bytes = concat(bom, "a\n".getBytes(StandardCharsets.UTF_8), bom, "b".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("a", "\ufeffb"), lines(bytes));
    }

    @Test
    void decodesCharactersAndLinesThatSpanReadBuffers() throws IOException {
        // 70,000 chars of 1 to 4 bytes each: several 64 KiB reads, split inside characters.
        StringBuilder longLine = new StringBuilder();
        String[] pieces = {"a", "\u00e9", "\u4e2d", "\ud83d\ude00"};
        for (int i = 0; i < 70_000; i++) {
            longLine.append(pieces[i % pieces.length]);
        }
        String text = longLine + "\r\n" + longLine + "\n";

        assertEquals(List.of(longLine.toString(), longLine.toString()), lines(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reportsInvalidUtf8AtItsLineAndByteOffset() throws IOException {
        Path file = write(concat("ok\n".getBytes(StandardCharsets.UTF_8), new byte[] {'a', 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'}));
        try (JsonlLineReader reader = JsonlLineReader.open(file)) {
            assertEquals("ok", reader.next());

            JsonlException e = assertThrows(JsonlException.class, reader::next);

            assertEquals(2, e.line());
            assertEquals(file + ":2: invalid UTF-8 at byte offset 2 of the line (0xED 0xA0 0x80)", e.getMessage());
        }
    }

    @Test
    void reportsASequenceCutByTheEndOfTheLine() throws IOException {
        Path file = write(new byte[] {'a', (byte) 0xe2, (byte) 0x82, '\n', 'b'});
        try (JsonlLineReader reader = JsonlLineReader.open(file)) {
            JsonlException e = assertThrows(JsonlException.class, reader::next);

            assertEquals(1, e.line());
            assertEquals("invalid UTF-8 at byte offset 1 of the line (0xE2 0x82)", e.reason());
        }
    }

    private List<String> lines(byte[] bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (JsonlLineReader reader = JsonlLineReader.open(write(bytes))) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "lines", ".jsonl");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
