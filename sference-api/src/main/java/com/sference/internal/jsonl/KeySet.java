package com.sference.internal.jsonl;

import java.util.Arrays;

/**
 * The member names of the objects {@link StrictJsonReader} has open, to find a duplicate name in
 * constant time per name.
 *
 * <p>A name is kept where it was written, in canonical form followed by its closing quote: in the
 * line's output buffer if its object is being written there, else in an arena of its own. So
 * {@code "a"} and <code>"&#92;u0061"</code> are the same name, and a name that is written costs
 * no copy. One open-addressing hash table with linear probing refers to the names (an {@code int}
 * per slot, at most three quarters full), and a stack records the slots in the order they were filled. An
 * object's names are forgotten when it closes: objects close in the reverse order of their
 * opening, and removing the most recently added entries of a linear-probing table is safe, so
 * closing just clears their slots. Memory is thus about 10 bytes per name of the objects open at
 * once (plus the names not written), not per name of the line.
 */
final class KeySet {
    private static final int INITIAL_TABLE = 64;
    private static final int RETAINED_TABLE = 4096;
    private static final int RETAINED_ARENA = 1 << 20;

    private Utf8JsonBuffer out;
    private Utf8JsonBuffer arena = new Utf8JsonBuffer(256);
    /** 0 for an empty slot; {@code offset + 1} for a name in {@link #out}; {@code -(offset + 1)} for one in the arena. */
    private int[] table = new int[INITIAL_TABLE];
    private int size;
    /** The slots filled, in order. */
    private int[] stack = new int[16];
    /** By depth (the top-level object is at 1): where the object's entries start on the stack. */
    private final int[] firstEntry = new int[StrictJsonReader.MAX_DEPTH + 2];
    /** By depth: where the object's names start in their buffer. */
    private final int[] firstByte = new int[StrictJsonReader.MAX_DEPTH + 2];
    /** By depth: whether the object's names are in the arena. */
    private final boolean[] inArena = new boolean[StrictJsonReader.MAX_DEPTH + 2];

    /** Forgets every name, giving back memory a long line made it take, and writes names to {@code out} from now on. */
    void clear(Utf8JsonBuffer out) {
        this.out = out;
        if (table.length > RETAINED_TABLE) {
            table = new int[INITIAL_TABLE];
        } else {
            for (int entry = 0; entry < size; entry++) {
                table[stack[entry]] = 0;
            }
        }
        if (stack.length > RETAINED_TABLE) {
            stack = new int[16];
        }
        if (arena.capacity() > RETAINED_ARENA) {
            arena = new Utf8JsonBuffer(256);
        }
        arena.clear();
        size = 0;
    }

    /** Starts the names of an object opened at {@code depth}, {@code written} to the output buffer or not. */
    void open(int depth, boolean written) {
        firstEntry[depth] = size;
        inArena[depth] = !written;
        firstByte[depth] = written ? out.size() : arena.size();
    }

    /** Forgets the names of the object at {@code depth}, the innermost one open. */
    void close(int depth) {
        int first = firstEntry[depth];
        for (int entry = size - 1; entry >= first; entry--) {
            table[stack[entry]] = 0;
        }
        size = first;
        if (inArena[depth]) {
            arena.truncate(firstByte[depth]);
        }
    }

    /**
     * {@return the buffer into which the caller writes the next name of the object at {@code depth}}
     * The caller writes the canonical content and the closing quote; {@link #next(int)}, called
     * before, tells where it starts.
     */
    Utf8JsonBuffer target(int depth) {
        return inArena[depth] ? arena : out;
    }

    /** {@return a reference to the name the caller is about to write for the object at {@code depth}} */
    int next(int depth) {
        return inArena[depth] ? -(arena.size() + 1) : out.size() + 1;
    }

    /**
     * Adds the name {@code name} (from {@link #next(int)}, now written) to the object at {@code depth}.
     *
     * @return whether it is new in that object
     */
    boolean add(int depth, int name) {
        Utf8JsonBuffer buffer = buffer(name);
        int start = offset(name);
        int end = end(buffer, start);
        int slot = home(buffer.hash(start, end), table.length);
        for (int other; (other = table[slot]) != 0; slot = slot + 1 == table.length ? 0 : slot + 1) {
            // Same buffer and at or after the object's first name: a name of this object (deeper ones are gone).
            if ((other < 0) == inArena[depth] && offset(other) >= firstByte[depth]) {
                int otherStart = offset(other);
                if (end(buffer, otherStart) - otherStart == end - start && buffer.regionEquals(otherStart, start, end - start)) {
                    return false;
                }
            }
        }
        table[slot] = name;
        if (size == stack.length) {
            stack = Arrays.copyOf(stack, size + (size >> 1));
        }
        stack[size++] = slot;
        if (size > table.length - (table.length >> 2)) {
            rehash();
        }
        return true;
    }

    /** {@return whether {@code name} is the ASCII {@code text}} */
    boolean is(int name, String text) {
        Utf8JsonBuffer buffer = buffer(name);
        int start = offset(name);
        return buffer.regionEquals(start, end(buffer, start), text);
    }

    /** {@return the canonical content of {@code name}, at most {@code maxChars} long} */
    String name(int name, int maxChars) {
        Utf8JsonBuffer buffer = buffer(name);
        int start = offset(name);
        String text = buffer.asString(start, end(buffer, start));
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars)) + "\u2026";
    }

    /** {@return the first slot to probe for {@code hash} in a table of {@code length} slots} */
    private static int home(int hash, int length) {
        return (int) (((hash & 0xffffffffL) * length) >>> 32);
    }

    private Utf8JsonBuffer buffer(int name) {
        return name < 0 ? arena : out;
    }

    private static int offset(int name) {
        return name < 0 ? -name - 1 : name - 1;
    }

    /** {@return the offset of the closing quote of the canonical name that starts at {@code start}} */
    private static int end(Utf8JsonBuffer buffer, int start) {
        int i = start;
        for (int b; (b = buffer.byteAt(i)) != '"'; i++) {
            if (b == '\\') {
                i++;
            }
        }
        return i;
    }

    private void rehash() {
        // In the order the names were added, so that each again sits after those added before it.
        int[] old = table;
        table = new int[old.length + (old.length >> 1)];
        for (int entry = 0; entry < size; entry++) {
            int name = old[stack[entry]];
            Utf8JsonBuffer buffer = buffer(name);
            int start = offset(name);
            int slot = home(buffer.hash(start, end(buffer, start)), table.length);
            while (table[slot] != 0) {
                slot = slot + 1 == table.length ? 0 : slot + 1;
            }
            table[slot] = name;
            stack[entry] = slot;
        }
    }
}
