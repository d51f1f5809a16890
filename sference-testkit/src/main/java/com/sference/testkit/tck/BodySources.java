package com.sference.testkit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Body sources that misbehave on purpose. */
final class BodySources {

    private BodySources() {}

    /** A body source that fails after 1000 bytes, as a file on a disk that went away. */
    static final class FailingStream extends InputStream {
        private int left = 1000;

        @Override
        public int read() throws IOException {
            if (left-- <= 0) {
                throw new IOException("the body's source failed");
            }
            return 'x';
        }
    }

    /**
     * A body of {@code 2 * half} bytes that produces its second half only once the server has
     * received some of the first, failing after {@link Calls#WAIT} if it never does.
     */
    static final class WaitingStream extends InputStream {
        private final int half;
        private final BooleanSupplier arrived;
        private final AtomicReference<String> problem;
        private int position;

        WaitingStream(int half, BooleanSupplier arrived, AtomicReference<String> problem) {
            this.half = half;
            this.arrived = arrived;
            this.problem = problem;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= 2 * half) {
                return -1;
            }
            if (position == half) {
                long deadline = System.nanoTime() + Calls.WAIT.toNanos();
                while (!arrived.getAsBoolean()) {
                    if (System.nanoTime() > deadline) {
                        problem.set("the server received none of the body before the whole of it was produced:"
                                + " the transport buffers request bodies");
                        throw new IOException(problem.get());
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
            int limit = position < half ? half : 2 * half;
            int n = Math.min(len, limit - position);
            Arrays.fill(b, off, off + n, (byte) 'w');
            position += n;
            return n;
        }
    }

    /** A body of {@code pieces} times 1 KiB that pauses {@code pauseMillis} before each piece after the first. */
    static final class SlowStream extends InputStream {
        private final int pieces;
        private final long pauseMillis;
        private int piece;
        private int left;

        SlowStream(int pieces, long pauseMillis) {
            this.pieces = pieces;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                if (piece == pieces) {
                    return -1;
                }
                if (piece > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                piece++;
                left = 1024;
            }
            int n = Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 's');
            left -= n;
            return n;
        }
    }
}
