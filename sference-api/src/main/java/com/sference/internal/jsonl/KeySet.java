package com.sference.internal.jsonl;

import java.util.Arrays;

/**
 * The member names of the objects {@link StrictJsonReader} has open, to find a duplicate name in
 * constant time per name.
 *
 * <p>Names are kept in canonical form (the content of the JSON string as {@link Utf8JsonBuffer}
 * writes it), so {@code "a"} and <code>"&#92;u0061"</code> are the same name. They sit in one byte arena,
 * indexed by one open-addressing hash table with linear probing. An object's names are forgotten
 * when it closes: objects close in the reverse order of their opening, and removing the most
 * recently added entries of a linear-probing table is safe, so closing just clears their slots.
 * Memory is thus bounded by the names of the objects open at once, not by the line.
 */
final class KeySet {
    private static final int INITIAL_TABLE = 64;
    private static final int RETAINED_TABLE = 4096;
    private static final int RETAINED_ARENA = 1 << 20;

    private Utf8JsonBuffer arena = new Utf8JsonBuffer(256);
    /** The slot of each entry's index + 1, 0 for none. */
    private int[] table = new int[INITIAL_TABLE];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] slots = new int[16];
    private int count;
    /** For each open object, by depth, the index of its first entry. */
    private final int[] firstEntry = new int[StrictJsonReader.MAX_DEPTH + 2];
    private int pending;

    /** Forgets every name, and gives back memory a long line made it take. */
    void clear() {
        if (table.length > RETAINED_TABLE) {
            table = new int[INITIAL_TABLE];
        } else if (count > 0) {
            Arrays.fill(table, 0);
        }
        if (arena.capacity() > RETAINED_ARENA) {
            arena = new Utf8JsonBuffer(256);
        }
        if (starts.length > RETAINED_TABLE) {
            starts = new int[16];
            ends = new int[16];
            slots = new int[16];
        }
        arena.clear();
        count = 0;
    }

    /** Starts the names of an object opened at {@code depth} (the top-level object is at 1). */
    void open(int depth) {
        firstEntry[depth] = count;
    }

    /** Forgets the names of the object at {@code depth}, the innermost one open. */
    void close(int depth) {
        int first = firstEntry[depth];
        if (count > first) {
            for (int entry = count - 1; entry >= first; entry--) {
                table[slots[entry]] = 0;
            }
            arena.truncate(starts[first]);
            count = first;
        }
    }

    /** {@return the arena, into which the caller writes the next name's canonical bytes} */
    Utf8JsonBuffer beginName() {
        pending = arena.size();
        return arena;
    }

    /**
     * Adds the name written since {@link #beginName()} to the object at {@code depth}.
     *
     * @return its entry, or {@code -1} if that object has it already (it is kept, for
     *     {@link #pendingName()}, until the object closes)
     */
    int add(int depth) {
        int start = pending;
        int end = arena.size();
        int mask = table.length - 1;
        int slot = arena.hash(start, end) & mask;
        int first = firstEntry[depth];
        for (int entry; (entry = table[slot] - 1) >= 0; slot = (slot + 1) & mask) {
            if (entry >= first && ends[entry] - starts[entry] == end - start
                    && arena.regionEquals(starts[entry], start, end - start)) {
                return -1;
            }
        }
        if (count == starts.length) {
            int length = count * 2;
            starts = Arrays.copyOf(starts, length);
            ends = Arrays.copyOf(ends, length);
            slots = Arrays.copyOf(slots, length);
        }
        int entry = count++;
        starts[entry] = start;
        ends[entry] = end;
        slots[entry] = slot;
        table[slot] = entry + 1;
        if (count * 2 > table.length) {
            rehash();
        }
        return entry;
    }

    /** Appends the canonical bytes of the name of {@code entry} to {@code out}. */
    void copyName(int entry, Utf8JsonBuffer out) {
        out.append(arena, starts[entry], ends[entry]);
    }

    /** {@return whether the name of {@code entry} is the ASCII {@code name}} */
    boolean is(int entry, String name) {
        return arena.regionEquals(starts[entry], ends[entry], name);
    }

    /** {@return the canonical content of the name of {@code entry}, at most {@code maxChars} long} */
    String name(int entry, int maxChars) {
        return shorten(arena.asString(starts[entry], ends[entry]), maxChars);
    }

    /** {@return the canonical content of the name written since {@link #beginName()}} */
    String pendingName(int maxChars) {
        return shorten(arena.asString(pending, arena.size()), maxChars);
    }

    private static String shorten(String name, int maxChars) {
        if (name.codePointCount(0, name.length()) <= maxChars) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, maxChars)) + "\u2026";
    }

    private void rehash() {
        // In entry order, so that each name again sits after those added before it.
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int entry = 0; entry < count; entry++) {
            int slot = arena.hash(starts[entry], ends[entry]) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry + 1;
            slots[entry] = slot;
        }
    }
}
