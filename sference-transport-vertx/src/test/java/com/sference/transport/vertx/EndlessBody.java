package com.sference.transport.vertx;

import com.sference.transport.RequestBody;
import java.io.InputStream;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/** A request body of unknown length that never ends, and what its one stream went through: read, then closed. */
final class EndlessBody {
    /** Counted down on the first read of a buffer. */
    final CountDownLatch reading = new CountDownLatch(1);
    /** Counted down when the stream is closed. */
    final CountDownLatch closed = new CountDownLatch(1);
    /** The body, not replayable: it opens its stream once. */
    final RequestBody body = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), false, () -> new InputStream() {
        @Override
        public int read() {
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reading.countDown();
            Arrays.fill(b, off, off + len, (byte) 'x');
            return len;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    });
}
