package com.sference.script;

import com.sference.model.Batch;
import com.sference.model.BatchStatus;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The progress of a batch being awaited. On a terminal, one line redrawn in place with {@code \r}:
 * a bar (empty while pending, a moving block while running, full once terminal), the status and
 * the time waited. Elsewhere (a pipe, a file, a test), one plain line per change of status.
 *
 * <p>Fed from the SDK's polling thread; {@link #close()} ends the line and ignores later updates,
 * so an interrupted wait leaves no bar drawing behind the prompt.
 */
final class ProgressBar implements Consumer<Batch>, AutoCloseable {
    static final int WIDTH = 24;
    private static final int BLOCK = 6;

    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private String lastStatus;
    private int frames;
    private int drawnWidth;
    private boolean closed;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(Batch batch) {
        if (closed) {
            return;
        }
        String status = batch.statusText();
        if (terminal) {
            String line = Table.INDENT + bar(batch.status(), frames++) + " " + describe(batch);
            out.print("\r" + Table.pad(line, drawnWidth, false));
            out.flush();
            drawnWidth = line.length();
        } else if (!status.equals(lastStatus)) {
            out.println(Table.INDENT + describe(batch));
        }
        lastStatus = status;
    }

    /** Ends the bar's line, if one is drawn; later updates are ignored. */
    @Override
    public synchronized void close() {
        if (!closed && terminal && drawnWidth > 0) {
            out.println();
        }
        closed = true;
    }

    /** {@return seconds waited so far, as text like {@code 1.2s}} */
    String elapsed() {
        return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - startNanos) / 1e9);
    }

    private String describe(Batch batch) {
        String line = Table.pad(batch.statusText(), 9, false) + " " + Table.pad(elapsed(), 6, true);
        return batch.totalTokens() > 0 ? line + "  " + batch.totalTokens() + " tokens" : line;
    }

    /** {@return the bar for a status: empty while pending, a block moving with each frame while running, full once done} */
    static String bar(BatchStatus status, int frame) {
        char[] cells = " ".repeat(WIDTH).toCharArray();
        if (status.isTerminal()) {
            Arrays.fill(cells, '#');
        } else if (status == BatchStatus.RUNNING) {
            int span = WIDTH - BLOCK;
            int step = (2 * frame) % (2 * span);
            int from = step <= span ? step : 2 * span - step;
            Arrays.fill(cells, from, from + BLOCK, '=');
        }
        return "[" + new String(cells) + "]";
    }
}
