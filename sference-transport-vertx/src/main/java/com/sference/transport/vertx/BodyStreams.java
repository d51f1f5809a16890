package com.sference.transport.vertx;

import com.sference.transport.RequestBody;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two bridges between the SDK's blocking streams and Vert.x's event loops, both with
 * back-pressure, so that neither body is ever held whole in memory.
 */
final class BodyStreams {
    private BodyStreams() {}

    /**
     * A {@link ReadStream} of a {@link RequestBody}. The body is opened and read on Vert.x worker
     * threads, one chunk at a time and only while the consumer wants more, and its chunks are
     * handed over on the Vert.x context. A known length is checked: a body that ends early or
     * runs long fails the stream before a wrong byte goes out.
     *
     * <p>A consumer that pauses the stream (a pipe does while the connection's write queue is
     * full, that is while the server takes no bytes) and does not ask for more within the stall
     * timeout gets the stall action run, on the context.
     */
    static final class Upload implements ReadStream<Buffer> {
        private static final int CHUNK = 32 * 1024;

        private final RequestBody body;
        private final long length;
        private final long stallMillis;
        private final Consumer<Upload> onStall;

        // Guarded by this. The context is captured from the first Vert.x thread that asks for data
        // when none was given (a WebClient pipes the stream on a context of its own choosing).
        private Context context;
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        private Handler<Throwable> exceptionHandler;
        private long demand = Long.MAX_VALUE;
        private boolean reading;
        private Buffer pending;
        private boolean eof;
        private Throwable failure;
        private boolean done;
        private boolean closed;
        private InputStream in;
        private long read;
        private long stallTimer = -1;

        /**
         * A stream of {@code body}, on {@code context} or on the first Vert.x context that asks
         * for data when it is null.
         *
         * @param stallTimeout how long the consumer may pause the stream
         * @param onStall what to do when it paused it for longer
         */
        Upload(RequestBody body, Context context, Duration stallTimeout, Consumer<Upload> onStall) {
            this.body = body;
            this.length = body.contentLength().orElse(-1);
            this.context = context;
            this.stallMillis = Exchange.millis(stallTimeout);
            this.onStall = onStall;
        }

        @Override
        public synchronized Upload exceptionHandler(Handler<Throwable> handler) {
            this.exceptionHandler = handler;
            return this;
        }

        @Override
        public Upload handler(Handler<Buffer> handler) {
            synchronized (this) {
                this.handler = handler;
            }
            drainLater();
            return this;
        }

        @Override
        public synchronized Upload pause() {
            demand = 0;
            if (stallTimer < 0 && !done && !closed && context != null) {
                try {
                    stallTimer = context.owner().setTimer(stallMillis, this::stalled); // runs later, on the context
                } catch (RuntimeException e) {
                    // Vert.x is closed: the exchange fails anyway.
                }
            }
            return this;
        }

        private synchronized void cancelStallTimer() {
            if (stallTimer >= 0) {
                context.owner().cancelTimer(stallTimer);
                stallTimer = -1;
            }
        }

        private void stalled(long id) {
            synchronized (this) {
                if (stallTimer != id || demand > 0 || done || closed) {
                    return;
                }
                stallTimer = -1;
            }
            onStall.accept(this);
        }

        @Override
        public Upload resume() {
            return fetch(Long.MAX_VALUE);
        }

        @Override
        public Upload fetch(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("amount must be positive: " + amount);
            }
            synchronized (this) {
                demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
                if (amount > 0) {
                    cancelStallTimer();
                }
            }
            drainLater();
            return this;
        }

        @Override
        public Upload endHandler(Handler<Void> handler) {
            synchronized (this) {
                this.endHandler = handler;
            }
            drainLater();
            return this;
        }

        /** {@return why reading the body failed, or null} */
        synchronized Throwable failure() {
            return failure;
        }

        /** {@return whether the end of the body, or its failure, was handed over} */
        synchronized boolean isDone() {
            return done;
        }

        /** Fails the stream with {@code cause}, so that a pipe from it resets its request. */
        void fail(Throwable cause) {
            synchronized (this) {
                if (done || closed || failure != null) {
                    return;
                }
                failure = cause;
                pending = null;
            }
            drainLater();
        }

        /** Stops reading and closes the body's stream, on a worker thread; idempotent. */
        void close() {
            InputStream open;
            Context where;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                pending = null;
                cancelStallTimer();
                open = reading ? null : in; // else the read in progress returns to onRead, which closes it
                in = reading ? in : null;
                where = context;
            }
            if (open != null) {
                where.executeBlocking(() -> closeQuietly(open), false);
            }
        }

        private void drainLater() {
            Context where;
            synchronized (this) {
                if (context == null) {
                    context = Vertx.currentContext();
                }
                where = context;
            }
            if (where != null) {
                try {
                    where.runOnContext(v -> drain());
                } catch (RuntimeException e) {
                    // Vert.x is closed: the exchange fails anyway.
                }
            }
        }

        /** Hands over what is ready, or starts the next read; runs on the context. */
        private void drain() {
            while (true) {
                Handler<Buffer> data = null;
                Buffer chunk = null;
                Handler<Throwable> error = null;
                Throwable cause = null;
                Handler<Void> end = null;
                synchronized (this) {
                    if (closed || done) {
                        return;
                    }
                    if (failure != null || (eof && pending == null)) {
                        done = true;
                        cancelStallTimer();
                        error = exceptionHandler;
                        cause = failure;
                        end = endHandler;
                        if (in != null && !reading) { // failed from outside: close the body here
                            InputStream open = in;
                            in = null;
                            context.executeBlocking(() -> closeQuietly(open), false);
                        }
                    } else if (pending != null) {
                        if (demand == 0 || handler == null) {
                            return;
                        }
                        data = handler;
                        chunk = pending;
                        pending = null;
                        demand -= demand == Long.MAX_VALUE ? 0 : 1;
                    } else {
                        if (!reading && demand > 0 && handler != null) {
                            reading = true;
                            context.executeBlocking(this::readChunk, false).onComplete(this::onRead);
                        }
                        return;
                    }
                }
                if (data != null) {
                    data.handle(chunk);
                    continue;
                }
                if (cause != null && error != null) {
                    error.handle(cause);
                } else if (cause == null && end != null) {
                    end.handle(null);
                }
                return;
            }
        }

        /**
         * Reads the next chunk, or null at the end; runs on a worker thread, never an event loop.
         * A chunk that reaches the end of the body says so, so that the request is ended right
         * after its last bytes, without another trip to a worker thread: else the answer could
         * arrive, and the response be read and closed, before the request ended.
         */
        private Chunk readChunk() throws IOException {
            InputStream source;
            synchronized (this) {
                source = in;
            }
            try {
                if (source == null) {
                    source = body.openStream();
                    synchronized (this) {
                        in = source;
                    }
                }
                byte[] bytes = new byte[CHUNK];
                int n = source.readNBytes(bytes, 0, CHUNK);
                read += n;
                boolean last = n < CHUNK; // readNBytes returns fewer bytes than asked only at the end
                if (!last && length >= 0 && read == length) { // all declared bytes read: is this the end?
                    if (source.read() < 0) {
                        last = true;
                    } else {
                        read++;
                    }
                }
                if (length >= 0 && read > length) {
                    throw new IOException("the request body is longer than its declared " + length + " bytes");
                }
                if (last && length >= 0 && read < length) {
                    throw new IOException("the request body ended after " + read + " of its declared " + length + " bytes");
                }
                if (last) {
                    closeInput();
                }
                return n == 0 ? null : new Chunk(Buffer.buffer(n == CHUNK ? bytes : Arrays.copyOf(bytes, n)), last);
            } catch (IOException | RuntimeException e) {
                closeInput();
                throw e;
            }
        }

        /** Bytes of the body, and whether they are its last. */
        private record Chunk(Buffer data, boolean last) {}

        private void closeInput() {
            InputStream open;
            synchronized (this) {
                open = in;
                in = null;
            }
            if (open != null) {
                closeQuietly(open);
            }
        }

        private void onRead(AsyncResult<Chunk> result) {
            synchronized (this) {
                reading = false;
                if (closed || done) {
                    InputStream open = in;
                    in = null;
                    if (open != null) {
                        context.executeBlocking(() -> closeQuietly(open), false);
                    }
                    return;
                }
                if (result.failed()) {
                    failure = result.cause();
                } else if (result.result() == null) {
                    eof = true;
                } else {
                    pending = result.result().data();
                    eof = result.result().last();
                }
            }
            drain();
        }
    }

    /**
     * The body of a response as an {@link InputStream}, fed by the response's {@link ReadStream}
     * on the event loop. It buffers at most about {@value #HIGH_WATER} bytes: beyond that the
     * response is paused, and it is resumed once the reader has taken the buffer down to
     * {@value #LOW_WATER}. A reader that waits longer than the read timeout for the next byte
     * gets a {@link SocketTimeoutException}, and so does every later read. Closing it before the
     * end, or timing out, calls the abort action, which resets the exchange so that a half-read
     * connection is never reused.
     */
    static final class Download extends InputStream {
        private static final int HIGH_WATER = 256 * 1024;
        private static final int LOW_WATER = 64 * 1024;

        private final String exchange;
        private final Context context;
        private final HttpClientResponse response;
        private final Duration readTimeout;
        private final Runnable onClose;

        // Guarded by this.
        private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
        private int position;
        private long buffered;
        private boolean paused;
        private boolean ended;
        private Throwable failure;
        private boolean closed;

        /**
         * Starts taking {@code response}'s body; call on its context, before it delivers data.
         *
         * @param readTimeout how long a reader waits for the next byte at most
         * @param onClose the abort action, run when the stream is closed or times out
         */
        Download(String exchange, Context context, HttpClientResponse response, Duration readTimeout, Runnable onClose) {
            this.exchange = exchange;
            this.context = context;
            this.response = response;
            this.readTimeout = readTimeout;
            this.onClose = onClose;
            response.handler(this::onData);
            response.endHandler(v -> onEnd());
            response.exceptionHandler(this::onError);
        }

        private void onData(Buffer chunk) {
            synchronized (this) {
                if (closed || chunk.length() == 0) {
                    return;
                }
                chunks.add(chunk);
                buffered += chunk.length();
                notifyAll();
                if (paused || buffered < HIGH_WATER) {
                    return;
                }
                paused = true;
            }
            response.pause(); // on the event loop, before any resume the reader schedules after this
        }

        private synchronized void onEnd() {
            ended = true;
            notifyAll();
        }

        private synchronized void onError(Throwable cause) {
            if (!ended && failure == null) {
                failure = cause;
            }
            notifyAll();
        }

        /** Fails the body with {@code cause} unless it has arrived whole; readers see it after the buffered bytes. */
        void fail(Throwable cause) {
            onError(cause);
        }

        /** {@return whether the whole body has arrived} */
        synchronized boolean ended() {
            return ended;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = 0;
            boolean resume = false;
            SocketTimeoutException timedOut = null;
            synchronized (this) {
                long start = System.nanoTime();
                long waited = 0;
                while (chunks.isEmpty() && timedOut == null) {
                    if (closed) {
                        throw new IOException("the response body is closed (" + exchange + ")");
                    }
                    if (failure instanceof SocketTimeoutException) {
                        throw new SocketTimeoutException(failure.getMessage());
                    }
                    if (failure != null) {
                        throw new IOException("the response body broke off: " + Failures.describe(failure)
                                + " (" + exchange + ")", failure);
                    }
                    if (ended) {
                        return -1;
                    }
                    if (Context.isOnEventLoopThread()) {
                        throw new IOException("reading the response body here would block a Vert.x event loop;"
                                + " read it on another thread (" + exchange + ")");
                    }
                    long left = nanos(readTimeout) - waited;
                    if (left <= 0) {
                        timedOut = new SocketTimeoutException("no response data for " + readTimeout + " (" + exchange + ")");
                        failure = timedOut;
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading the response body (" + exchange + ")");
                    }
                    waited = System.nanoTime() - start;
                }
                while (n < len && !chunks.isEmpty()) {
                    Buffer head = chunks.peek();
                    int count = Math.min(len - n, head.length() - position);
                    head.getBytes(position, position + count, b, off + n);
                    n += count;
                    position += count;
                    if (position == head.length()) {
                        chunks.poll();
                        position = 0;
                    }
                }
                buffered -= n;
                if (paused && buffered <= LOW_WATER) {
                    paused = false;
                    resume = true;
                }
            }
            if (timedOut != null) {
                onClose.run(); // resets the exchange: the connection is never reused
                throw timedOut;
            }
            if (resume) {
                try {
                    context.runOnContext(v -> response.resume());
                } catch (RuntimeException e) {
                    // Vert.x is closed: the transport fails this body.
                }
            }
            return n;
        }

        @Override
        public synchronized int available() {
            return (int) Math.min(buffered, Integer.MAX_VALUE);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                chunks.clear();
                buffered = 0;
                notifyAll();
            }
            onClose.run();
        }
    }

    /** {@return {@code d} in nanoseconds, at most about 292 years} */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static Void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // Nothing is left to release.
        }
        return null;
    }
}
