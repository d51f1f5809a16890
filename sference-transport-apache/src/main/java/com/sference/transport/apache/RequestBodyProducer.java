package com.sference.transport.apache;

import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * Streams a {@link RequestBody} to the connection without blocking the client's I/O threads.
 *
 * <p>The body's stream is opened when the connection first asks for data, so an exchange that
 * fails before sending never opens a non-replayable body. It is read on the executor, a chunk at
 * a time, into a queue of at most {@link #LIMIT} bytes; each chunk read asks the connection for
 * output with {@link DataStreamChannel#requestOutput()}, and {@link #produce} writes what the
 * connection takes and schedules more reading once the queue has drained below half.
 *
 * <p>A known length is checked: a body that ends early or runs long fails the exchange instead
 * of corrupting the connection; so does a body whose stream throws, with a {@link SourceFailure}
 * that tells the transport not to call the failure retryable. {@link #releaseResources()} closes
 * the stream and resets the producer, so a client that retries a repeatable body opens it again
 * from the start.
 *
 * <p>The producer tells its {@link ExchangeTimer} when the connection starts taking the body and
 * when the body has ended, and answers {@link #stalledNanos} for it: how long bytes have been
 * waiting that the connection took none of, which is how an upload that the server stopped
 * reading is found.
 */
final class RequestBodyProducer implements AsyncEntityProducer {

    /** The most read from the body in one go. */
    static final int CHUNK = 32 * 1024;

    /** The most bytes held between the body's stream and the connection. */
    static final int LIMIT = 4 * CHUNK;

    private final RequestBody body;
    private final Executor executor;
    private final ExchangeTimer timer;
    private final long length;

    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private DataStreamChannel channel;
    private InputStream stream; // the open stream of this generation, while no read task holds it
    private int generation;     // bumped by releaseResources; read tasks of an older one stop
    private int buffered;
    private long read;
    private long quietSince;    // System.nanoTime() of the last progress while bytes wait for the connection
    private boolean reading;
    private boolean eof;
    private boolean ended;
    private IOException failure;

    RequestBodyProducer(RequestBody body, Executor executor, ExchangeTimer timer) {
        this.body = body;
        this.executor = executor;
        this.timer = timer;
        this.length = body.contentLength().orElse(-1);
    }

    @Override
    public String getContentType() {
        return body.contentType();
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public boolean isChunked() {
        return length < 0;
    }

    @Override
    public String getContentEncoding() {
        return null;
    }

    @Override
    public Set<String> getTrailerNames() {
        return Set.of();
    }

    @Override
    public boolean isRepeatable() {
        return body.isReplayable();
    }

    /** {@return the bytes ready to write; 1 when produce() has something else to do: start, end or fail} */
    @Override
    public int available() {
        synchronized (lock) {
            if (buffered > 0) {
                return buffered;
            }
            return channel == null || (eof && !ended) || failure != null ? 1 : 0;
        }
    }

    /**
     * {@return for how many nanoseconds, up to {@code now}, bytes have been waiting that the
     * connection took none of} Zero while nothing waits: a body source that is slow to produce
     * is not a server that stopped reading.
     */
    long stalledNanos(long now) {
        synchronized (lock) {
            return buffered > 0 && channel != null ? now - quietSince : 0;
        }
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        boolean started;
        boolean endedNow = false;
        boolean readMore = false;
        int task = 0;
        synchronized (lock) {
            started = this.channel == null;
            this.channel = channel;
            if (started) {
                quietSince = System.nanoTime();
            }
            if (failure != null) {
                throw failure;
            }
            int written = 0;
            while (!chunks.isEmpty()) {
                ByteBuffer head = chunks.peek();
                written += channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                chunks.poll();
            }
            if (written > 0) {
                buffered -= written;
                quietSince = System.nanoTime();
            }
            if (chunks.isEmpty() && eof) {
                if (!ended) {
                    ended = true;
                    endedNow = true;
                    channel.endStream();
                }
            } else if (!reading && !eof && buffered <= LIMIT / 2) {
                reading = true;
                readMore = true;
                task = generation;
            }
        }
        if (started) {
            timer.uploadStarted(this);
        }
        if (endedNow) {
            timer.uploadEnded();
        }
        if (!readMore) {
            return;
        }
        int scheduled = task;
        try {
            executor.execute(() -> readChunks(scheduled));
        } catch (RejectedExecutionException e) {
            fail(scheduled, new IOException("the transport is closed", e));
        }
    }

    /** Reads chunks until the queue is full or the body ends; runs on the executor, one task at a time. */
    private void readChunks(int task) {
        InputStream in;
        synchronized (lock) {
            if (task != generation) {
                return;
            }
            in = stream;
            stream = null; // held by this task until it gives it back
        }
        byte[] scratch = new byte[CHUNK];
        try {
            if (in == null) {
                in = body.openStream();
            }
            for (;;) {
                int n = in.read(scratch, 0, CHUNK);
                DataStreamChannel wake;
                synchronized (lock) {
                    if (task != generation) {
                        break; // released meanwhile: close the stream below
                    }
                    if (n < 0) {
                        if (length >= 0 && read != length) {
                            throw new SourceFailure("it ended after " + read + " of its " + length + " bytes", null);
                        }
                        eof = true;
                        reading = false;
                    } else if (n > 0) {
                        read += n;
                        if (length >= 0 && read > length) {
                            throw new SourceFailure("it is longer than its length of " + length + " bytes", null);
                        }
                        if (buffered == 0) {
                            quietSince = System.nanoTime(); // waiting for the connection from now
                        }
                        chunks.add(ByteBuffer.wrap(Arrays.copyOf(scratch, n)));
                        buffered += n;
                    }
                    wake = channel;
                }
                wake.requestOutput();
                synchronized (lock) {
                    if (eof || task != generation) {
                        break;
                    }
                    if (buffered >= LIMIT) {
                        reading = false;
                        stream = in; // give it back to the next task
                        return;
                    }
                }
            }
        } catch (SourceFailure e) {
            fail(task, e);
        } catch (IOException | RuntimeException e) {
            fail(task, new SourceFailure("its source failed: " + e, e));
        }
        closeQuietly(in);
    }

    private void fail(int task, IOException e) {
        DataStreamChannel wake;
        synchronized (lock) {
            if (task != generation) {
                return;
            }
            failure = e;
            reading = false;
            wake = channel;
        }
        if (wake != null) {
            wake.requestOutput(); // produce() then throws, failing the exchange
        }
    }

    @Override
    public void failed(Exception cause) {
        releaseResources();
    }

    /** Closes the stream and resets, so that a retry of a repeatable body starts from its first byte. */
    @Override
    public void releaseResources() {
        InputStream idle;
        synchronized (lock) {
            generation++;
            idle = stream;
            stream = null;
            chunks.clear();
            channel = null;
            buffered = 0;
            read = 0;
            reading = false;
            eof = false;
            ended = false;
            failure = null;
        }
        closeQuietly(idle); // a stream held by a read task is closed by that task
    }

    /**
     * The request body itself failed: its stream threw, or it did not match its length. Sending
     * the request again would fail the same way, so the transport says it is not retryable.
     */
    static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // Nothing more to release.
        }
    }
}
