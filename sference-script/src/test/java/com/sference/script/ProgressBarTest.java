package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.model.Batch;
import com.sference.model.BatchStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static Batch batch(BatchStatus status, long tokens) {
        return new Batch("b_1", status, "24h", 4, null, null, null, 0, 0, tokens, null);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalRedrawsOneLineInPlaceAndEndsItOnClose() {
        try (ProgressBar bar = new ProgressBar(out, true)) {
            bar.accept(batch(BatchStatus.PENDING, 0));
            bar.accept(batch(BatchStatus.RUNNING, 0));
            bar.accept(batch(BatchStatus.RUNNING, 0));
            bar.accept(batch(BatchStatus.COMPLETED, 47));
        }
        String text = printed();
        assertEquals(4, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
        String last = text.substring(text.lastIndexOf('\r') + 1);
        assertTrue(last.startsWith("  [" + "#".repeat(ProgressBar.WIDTH) + "] completed "), last);
        assertTrue(last.contains("47 tokens"), last);
    }

    @Test
    void elsewherePrintsOneLinePerStatusChange() {
        try (ProgressBar bar = new ProgressBar(out, false)) {
            bar.accept(batch(BatchStatus.PENDING, 0));
            bar.accept(batch(BatchStatus.PENDING, 0));
            bar.accept(batch(BatchStatus.RUNNING, 0));
            bar.accept(batch(BatchStatus.COMPLETED, 47));
        }
        List<String> lines = printed().lines().toList();
        assertEquals(3, lines.size(), printed());
        assertTrue(lines.get(0).matches("  pending +\\d+\\.\\ds"), lines.get(0));
        assertTrue(lines.get(2).matches("  completed +\\d+\\.\\ds  47 tokens"), lines.get(2));
        assertFalse(printed().contains("\r"));
    }

    @Test
    void ignoresUpdatesAfterClose() {
        ProgressBar bar = new ProgressBar(out, true);
        bar.accept(batch(BatchStatus.RUNNING, 0));
        bar.close();
        bar.close();
        bar.accept(batch(BatchStatus.COMPLETED, 1));
        assertEquals(1, printed().chars().filter(c -> c == '\r').count());
        assertEquals(1, printed().chars().filter(c -> c == '\n').count());
    }

    @Test
    void theBarIsEmptyThenMovesThenFull() {
        assertEquals("[" + " ".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(BatchStatus.PENDING, 3));
        String a = ProgressBar.bar(BatchStatus.RUNNING, 0);
        String b = ProgressBar.bar(BatchStatus.RUNNING, 1);
        assertTrue(a.contains("======") && b.contains("======") && !a.equals(b), a + " " + b);
        assertEquals(ProgressBar.WIDTH + 2, a.length());
        assertEquals("[" + "#".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(BatchStatus.CANCELLED, 0));
    }
}
