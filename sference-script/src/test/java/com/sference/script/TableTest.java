package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void padsColumnsRightAlignsNumbersAndShowsNullAsDash() {
        List<String> lines = Table.of("id", "n", "text").row("a", 5, "x").row("long-id", 120, null).lines();
        assertEquals(List.of("  id         n  text", "  a          5  x", "  long-id  120  -"), lines);
    }

    @Test
    void putsCellsOnOneLineAndCutsThem() {
        String cell = Table.of("t").row("a\nb\r\nc" + "x".repeat(100)).lines().get(1);
        assertEquals(2 + Table.MAX_CELL, cell.length());
        assertEquals("  a b c", cell.substring(0, 7));
        assertEquals("...", cell.substring(cell.length() - 3));
    }

    @Test
    void showsAtMostMaxRowsAndSaysHowManyMore() {
        Table table = Table.of("n");
        for (int i = 0; i < Table.MAX_ROWS + 5; i++) {
            table.row(i);
        }
        List<String> lines = table.lines();
        assertEquals(Table.MAX_ROWS + 2, lines.size());
        assertEquals("  ... 5 more (the returned value holds them all)", lines.get(lines.size() - 1));
        assertEquals(Table.MAX_ROWS + 5, table.size());
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("a", "b").row("only one"));
    }
}
