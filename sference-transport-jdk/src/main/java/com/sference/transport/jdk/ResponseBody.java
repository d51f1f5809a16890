package com.sference.transport.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A response body as the JDK client delivers it and the caller reads it: a {@link BodySubscriber}
 * that is also the {@link InputStream} handed out, like {@code BodyHandlers.ofInputStream()},
 * with an idle timeout. A read that waits longer than the read timeout for the next bytes fails
 * with a {@link SocketTimeoutException} ("no response data for PT1S") and aborts the exchange, so
 * its connection is closed and never reused; so does {@link #abort} from another thread, and
 * {@link #close()} before the end. It asks the client for one list of buffers ahead of the
 * reader, so it holds at most two.
 *
 * <p>Read it from one thread at a time; {@link #close()} and {@link #abort} may come from any.
 */
final class ResponseBody extends InputStream implements BodySubscriber<InputStream> {

    /** Put in the queue when the body ended, and to wake a reader after a close or an abort. */
    private static final Object END = new Object();
    private static final Object WAKE = new Object();

    private final Duration readTimeout;
    private final Runnable onRelease;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile IOException failure;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;

    /**
     * Creates the body of one response.
     *
     * @param readTimeout the longest a read waits for the next bytes
     * @param onRelease run once, when the body ended, failed or was closed
     */
    ResponseBody(Duration readTimeout, Runnable onRelease) {
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this); // the response is handed over at its head
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || closed || failure != null) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable error) {
        queue.add(error);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        ByteBuffer buffer = current();
        return buffer == null ? -1 : buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = current();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        ByteBuffer buffer = current;
        return closed || failure != null || buffer == null ? 0 : buffer.remaining();
    }

    /** Closes the body; before its end, this aborts the exchange and closes its connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            cancel();
        }
        queue.offer(WAKE);
        release();
    }

    /**
     * Fails the body with {@code reason}: a reader waiting now or reading later gets it, and the
     * exchange is aborted unless the body had already ended.
     */
    void abort(IOException reason) {
        if (ended || closed || failure != null) {
            return;
        }
        failure = reason;
        cancel();
        queue.offer(WAKE);
        release();
    }

    /** {@return the buffer to read from, waiting for one; null at the end of the body} */
    @SuppressWarnings("unchecked")
    private ByteBuffer current() throws IOException {
        for (;;) {
            if (closed) {
                throw new IOException("the response body is closed");
            }
            IOException failed = failure;
            if (failed != null) {
                throw failed;
            }
            if (ended) {
                return null;
            }
            if (current != null && current.hasRemaining()) {
                return current;
            }
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            Object item = take();
            if (item == END) {
                ended = true;
                release();
            } else if (item instanceof Throwable) {
                Throwable error = (Throwable) item;
                abort(error instanceof IOException ? (IOException) error : new IOException(error.getMessage(), error));
            } else if (item != WAKE) {
                buffers = ((List<ByteBuffer>) item).iterator();
                request();
            }
        }
    }

    /** {@return the next item from the client}, waiting at most the read timeout for it */
    private Object take() throws IOException {
        Object item;
        try {
            item = queue.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for response data");
            abort(interrupted);
            throw interrupted;
        }
        if (item == null) {
            abort(new SocketTimeoutException("no response data for " + readTimeout));
            return WAKE;
        }
        return item;
    }

    private void request() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.request(1);
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }
}
