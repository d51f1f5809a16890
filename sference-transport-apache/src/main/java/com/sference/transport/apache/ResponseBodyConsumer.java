package com.sference.transport.apache;

import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Hands a response over when its headers arrive and streams its body to an {@link InputStream}
 * with bounded buffering.
 *
 * <p>The client's I/O thread copies each piece of body into a queue; the reader takes from it.
 * Capacity is granted through the {@link CapacityChannel} only while fewer than {@link #LIMIT}
 * bytes are queued or promised, so a slow reader stops the connection instead of filling the
 * heap; the reader grants more as it drains the queue.
 *
 * <p>A reader that waits longer than {@link TransportRequest#readTimeout()} for the next byte gets
 * a {@link SocketTimeoutException} (an {@link InterruptedIOException}) naming the timeout, and the
 * exchange is aborted; so does every later read. The wait is the reader's: bytes that arrived
 * while nobody was reading are handed over at once, whenever the reader comes back.
 *
 * <p>The Apache future of the exchange completes only when the body has ended, so until then
 * {@link #abort()} can cancel it, which makes the client discard the connection: that is what
 * cancelling the transport's future and closing an unfinished response do. A body read to its
 * end leaves the connection to the client's pool.
 */
final class ResponseBodyConsumer implements AsyncResponseConsumer<Void> {
    /** The body handed to the caller; closing it ends the exchange. */
    private final InputStream body = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = ResponseBodyConsumer.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : ResponseBodyConsumer.this.read(b, off, len);
        }

        @Override
        public int available() {
            return ResponseBodyConsumer.this.available();
        }

        @Override
        public void close() {
            ResponseBodyConsumer.this.close();
        }
    };

    /** The most body bytes queued or promised to the sender at a time. */
    static final int LIMIT = 128 * 1024;

    /** The context attribute that holds the exchange's consumer, for {@link #recordRuntime}. */
    static final String ATTRIBUTE = "com.sference.transport.apache.consumer";

    private final TransportRequest request;
    private final CompletableFuture<TransportResponse> result;
    private final Executor executor;
    private final Consumer<ResponseBodyConsumer> finished;
    private final long readNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private CapacityChannel capacity;
    private FutureCallback<Void> done;
    private int buffered;
    private int promised;
    private boolean end;
    private boolean closed;
    private Exception failure;

    private volatile Future<?> exchange;
    private volatile AsyncExecRuntime runtime;
    private volatile boolean aborted;
    private volatile boolean responded;

    /**
     * Creates the consumer of one exchange.
     *
     * @param request the request, for its read timeout and for messages
     * @param result the transport's future, completed with the response when its head arrives
     * @param executor where the response is handed over
     * @param finished told when the exchange is over for this consumer (its resources released or
     *     its body closed), perhaps more than once
     */
    ResponseBodyConsumer(TransportRequest request, CompletableFuture<TransportResponse> result, Executor executor,
            Consumer<ResponseBodyConsumer> finished) {
        this.request = request;
        this.result = result;
        this.executor = executor;
        this.finished = finished;
        this.readNanos = ExchangeTimer.nanos(request.readTimeout());
    }

    /** {@return the request of this exchange} */
    TransportRequest request() {
        return request;
    }

    /** Remembers the client's future of the exchange, so that {@link #abort()} can cancel it. */
    void attach(Future<?> exchange) {
        this.exchange = exchange;
        if (aborted) {
            exchange.cancel(true);
        }
    }

    /**
     * Remembers the client's runtime of the exchange, so that {@link #abort()} can discard its
     * connection directly; {@link #recordRuntime} calls this on clients the transport built.
     */
    void attach(AsyncExecRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The first step of every exchange on a client this transport built: hands the exchange's
     * runtime to its consumer, so that aborting it can discard the connection directly. Runs on
     * the sending thread, inside {@code execute}.
     */
    static void recordRuntime(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        Object consumer = scope.clientContext.getAttribute(ATTRIBUTE);
        if (consumer instanceof ResponseBodyConsumer) {
            ((ResponseBodyConsumer) consumer).attach(scope.execRuntime);
        }
        chain.proceed(request, entity, scope, callback);
    }

    /**
     * {@return whether the response headers have arrived} From then on the transport's future
     * completes with the response, and a later failure reaches the reader of its body instead.
     */
    boolean responded() {
        return responded;
    }

    /**
     * Aborts the exchange unless it has finished, so that the client discards the connection.
     *
     * <p>Cancelling the client's future is the documented way, but HttpClient 5.6.5 loses it once
     * the request is on a connection that came from the pool: the lease completes inline, the
     * exchange starts and registers itself as what a cancellation aborts, and then the sending
     * thread, returning from the lease, registers the finished lease in its place. A new
     * connection that completes before the sending thread returns from starting the connect
     * loses it the same way. So, on a client the transport built, the exchange's connection is
     * also discarded through its runtime; and on every client, an aborted exchange fails as soon
     * as anything more arrives for it, with capacity granted so that the rest of a body does.
     */
    void abort() {
        aborted = true;
        Future<?> current = exchange;
        if (current != null) {
            current.cancel(true);
        }
        AsyncExecRuntime connection = runtime;
        if (connection != null) {
            connection.discardEndpoint();
        }
        CapacityChannel channel;
        lock.lock();
        try {
            channel = end ? null : capacity;
        } finally {
            lock.unlock();
        }
        if (channel != null) {
            try {
                channel.update(LIMIT);
            } catch (IOException | RuntimeException e) {
                // The connection is gone already.
            }
        }
    }

    /**
     * Ends the exchange because the transport was closed: the transport's future fails with
     * {@code e} unless it completed, a reader of the body gets an {@link IOException}, and the
     * exchange is aborted.
     */
    void closedWith(RuntimeException e) {
        result.completeExceptionally(e);
        lock.lock();
        try {
            aborted = true;
            if (!end && failure == null) {
                failure = new IOException(e.getMessage(), e);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        abort();
    }

    /** Fails an aborted exchange; an interruption, which HttpClient's default retry strategy never retries. */
    private void failIfAborted() throws IOException {
        if (aborted) {
            throw new InterruptedIOException("the exchange was aborted");
        }
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
            FutureCallback<Void> resultCallback) throws IOException {
        failIfAborted();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName(), k -> new ArrayList<>()).add(header.getValue());
        }
        TransportResponse handed = TransportResponse.of(response.getCode(), headers, body);
        responded = true;
        lock.lock();
        try {
            if (entity == null) {
                end = true; // no body at all: the exchange is over
            } else {
                done = resultCallback;
            }
        } finally {
            lock.unlock();
        }
        if (entity == null) {
            resultCallback.completed(null);
        }
        // Off the I/O thread: a stage that reads the body right away must not block the reactor.
        try {
            executor.execute(() -> handOver(handed));
        } catch (RejectedExecutionException e) {
            handOver(handed);
        }
    }

    private void handOver(TransportResponse response) {
        if (!result.complete(response)) {
            response.close(); // cancelled or timed out meanwhile: nobody else will close it
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx responses carry nothing the SDK uses.
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        int grant;
        lock.lock();
        try {
            capacity = channel;
            promised = 0; // asked for more: what was promised has arrived
            grant = grantable(true);
        } finally {
            lock.unlock();
        }
        if (grant > 0) {
            channel.update(grant);
        }
    }

    /** {@return how much capacity to grant now, already counted as promised}; call with the lock held. */
    private int grantable(boolean asked) {
        int room = LIMIT - buffered - promised;
        if (capacity == null || end || closed || room <= 0 || (!asked && room < LIMIT / 4)) {
            return 0;
        }
        promised += room;
        return room;
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        failIfAborted();
        int n = src.remaining();
        lock.lock();
        try {
            promised = Math.max(0, promised - n);
            if (closed || aborted) {
                src.position(src.limit());
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(src).flip();
            chunks.add(copy);
            buffered += n;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        FutureCallback<Void> callback;
        lock.lock();
        try {
            end = true;
            callback = done;
            done = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (callback != null) {
            callback.completed(null); // the client then returns the connection to its pool
        }
    }

    @Override
    public void failed(Exception cause) {
        lock.lock();
        try {
            if (!end && failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void releaseResources() {
        lock.lock();
        try {
            if (!end && failure == null) {
                failure = new IOException("the exchange ended before the response body did");
            }
            capacity = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        finished.accept(this);
    }

    private int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        SocketTimeoutException timeout;
        lock.lock();
        try {
            if (awaitData()) {
                return take(b, off, len); // unlocks
            }
            timeout = new SocketTimeoutException("no response data for " + request.readTimeout() + " (" + request + ")");
            failure = timeout; // for every later read as well
            aborted = true;    // nothing more is taken for this exchange
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
        abort(); // the connection is never reused half-read
        throw timeout;
    }

    /** Takes what is queued, with the lock held; unlocks before granting capacity. */
    private int take(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the response body is closed");
        }
        if (chunks.isEmpty()) {
            if (end) {
                return -1;
            }
            throw new IOException("reading the response body of " + request + " failed: " + failure, failure);
        }
        int taken = 0;
        while (taken < len && !chunks.isEmpty()) {
            ByteBuffer head = chunks.peek();
            int n = Math.min(len - taken, head.remaining());
            head.get(b, off + taken, n);
            taken += n;
            if (!head.hasRemaining()) {
                chunks.poll();
            }
        }
        buffered -= taken;
        int grant = grantable(false);
        CapacityChannel channel = capacity;
        lock.unlock();
        if (grant > 0) {
            try {
                channel.update(grant);
            } catch (IOException | RuntimeException e) {
                // The connection is going away; the failure reaches the reader through failed().
            }
        }
        return taken;
    }

    /**
     * Waits, with the lock held, until there is something to read, the body ended or failed, or
     * it was closed; {@return false if the read timeout passed first}
     */
    private boolean awaitData() throws InterruptedIOException {
        long left = readNanos;
        while (chunks.isEmpty() && !end && failure == null && !closed) {
            if (left <= 0) {
                return false;
            }
            try {
                left = changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the response body");
            }
        }
        return true;
    }

    private int available() {
        lock.lock();
        try {
            return closed ? 0 : buffered;
        } finally {
            lock.unlock();
        }
    }

    private void close() {
        boolean unfinished;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            unfinished = !end && failure == null;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (unfinished) {
            abort(); // a half-read connection is never reused
        }
        finished.accept(this);
    }
}
