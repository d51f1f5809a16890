package com.sference.script;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header, then rows, columns padded to their widest cell. Cells are cut to
 * {@value #MAX_CELL} characters on one line and at most {@value #MAX_ROWS} rows are shown, so a
 * table stays readable in JShell however big the data.
 */
final class Table {
    static final int MAX_CELL = 48;
    static final int MAX_ROWS = 40;
    static final String INDENT = "  ";

    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    private Table(List<String> headers) {
        this.headers = headers;
        this.numeric = new boolean[headers.size()];
    }

    /** {@return an empty table with these column headers} */
    static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /**
     * Adds a row: {@code null} shows as {@code -}, numbers are right-aligned, text is put on one line
     * and shortened.
     */
    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            numeric[i] |= cells[i] instanceof Number;
            row[i] = cells[i] == null ? "-" : shorten(String.valueOf(cells[i]), MAX_CELL);
        }
        rows.add(row);
        return this;
    }

    /** {@return how many rows were added} */
    int size() {
        return rows.size();
    }

    /** {@return the lines to print: the header, up to {@value #MAX_ROWS} rows, and a note of any left out} */
    List<String> lines() {
        int[] widths = new int[headers.size()];
        List<String[]> shown = rows.subList(0, Math.min(rows.size(), MAX_ROWS));
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (String[] row : shown) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers.toArray(String[]::new), widths));
        for (String[] row : shown) {
            lines.add(line(row, widths));
        }
        if (rows.size() > shown.size()) {
            lines.add(INDENT + "... " + (rows.size() - shown.size()) + " more (the returned value holds them all)");
        }
        return lines;
    }

    /** Prints {@link #lines()}. */
    void print(PrintStream out) {
        lines().forEach(out::println);
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder(INDENT);
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            line.append(last && !numeric[i] ? cells[i] : pad(cells[i], widths[i], numeric[i]));
            if (!last) {
                line.append("  ");
            }
        }
        return line.toString().stripTrailing();
    }

    /** {@return {@code text} padded to {@code width}, on the left when {@code right}} */
    static String pad(String text, int width, boolean right) {
        if (text.length() >= width) {
            return text;
        }
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }

    /** {@return {@code text} on one line, cut to {@code max} characters with {@code ...} when longer} */
    static String shorten(String text, int max) {
        String line = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
    }
}
