package com.sference.transport.vertx;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its response over a Vert.x {@link HttpClient}, and the future that reports it.
 *
 * <p>Everything but the constructor and {@link #start} runs on one Vert.x context, so the state
 * needs no lock. The request body is a {@link BodyStreams.Upload} piped into the request (which
 * the pipe ends, or which is reset when the body fails); the response body is a
 * {@link BodyStreams.Download}. A timer fails the exchange with {@link RequestTimeoutException}
 * if no response head arrives within {@link TransportRequest#timeout()}: counted from
 * {@link #start} until the request body starts, and again once it has gone out; it stops with
 * the head. {@link TransportRequest#readTimeout()} bounds the rest: an upload that the
 * server stops taking fails the exchange with {@link RequestTimeoutException}, and a reader of
 * the body that waits for its next byte gets a {@link java.net.SocketTimeoutException}.
 * Failing, cancelling, timing out, closing the transport, or closing the response before its
 * end {@linkplain #abort() aborts}: the
 * request is reset, which closes an HTTP/1.1 connection, so it is never reused half-read; a
 * response read to its end and closed while its request is still being sent closes the
 * connection too, which frees its slot in the pool.
 */
final class Exchange {
    private final TransportRequest request;
    private final HttpClient client;
    private final Context context;
    private final Executor executor;
    private final Map<Object, Runnable> open;
    private final ExchangeFuture<TransportResponse> future = new ExchangeFuture<>(this::cancelled);

    private HttpClientRequest nativeRequest;
    private BodyStreams.Upload upload;
    private volatile BodyStreams.Download download; // read when the transport closes
    private long timer = -1;
    private boolean aborted;
    private boolean settled; // the future's outcome is chosen, and on its way to a worker thread

    /**
     * Prepares an exchange; nothing is sent before {@link #start}.
     *
     * @param executor where the future completes, or null for a Vert.x worker thread
     * @param open the transport's calls in flight, which this one joins until it is over
     */
    Exchange(TransportRequest request, HttpClient client, Context context, Executor executor, Map<Object, Runnable> open) {
        this.request = request;
        this.client = client;
        this.context = context;
        this.executor = executor;
        this.open = open;
        open.put(this, this::closedByTransport);
    }

    /** Starts sending on the context and {@return the future of the response head} */
    CompletableFuture<TransportResponse> start(RequestOptions options) {
        try {
            context.runOnContext(v -> begin(options));
        } catch (RuntimeException e) { // rejected: the Vertx is closed
            open.remove(this);
            future.completeExceptionally(Failures.vertxClosed(request, e));
        }
        return future;
    }

    /**
     * Fails this exchange because its transport is closing: the future, if still pending, and
     * the body, if not read to its end. Thread-safe; never blocks.
     */
    void closedByTransport() {
        open.remove(this);
        TransportException closed = Failures.closed(request, null);
        if (!future.isDone()) {
            deliver(executor, null, () -> future.completeExceptionally(closed));
        }
        BodyStreams.Download body = download;
        if (body != null) {
            body.fail(new IOException(closed.getMessage()));
        }
        onContext(this::abort);
    }

    private void begin(RequestOptions options) {
        if (future.isDone() || aborted) {
            return; // cancelled, or the transport closed, already
        }
        startHeadTimer();
        Future<HttpClientRequest> requested;
        try {
            requested = client.request(options);
        } catch (RuntimeException e) { // Vert.x refused the options: nothing was sent
            fail(new TransportException(request.method(), request.uri(), "invalid request: " + Failures.describe(e), e,
                    false));
            return;
        }
        requested.onComplete(result -> {
            if (result.failed()) {
                fail(result.cause());
            } else if (aborted || future.isDone()) {
                result.result().reset();
            } else {
                write(result.result());
            }
        });
    }

    /**
     * Starts the wait for the head: from the send until the request body starts (pool, connect),
     * and again once the body has gone out. While the body is written the read timeout of the
     * upload bounds each silence instead, so a long upload that keeps moving is never cut.
     */
    private void startHeadTimer() {
        cancelTimer();
        timer = context.owner().setTimer(millis(request.timeout()), id -> fail(
                new RequestTimeoutException(request.method(), request.uri(), "no response head within " + request.timeout(), null)));
    }

    private void write(HttpClientRequest req) {
        nativeRequest = req;
        req.exceptionHandler(Exchange::ignore); // failures arrive through response() and the pipe
        req.response().onComplete(this::received);
        RequestBody body = request.body().orElse(null);
        long length = body == null ? 0 : body.contentLength().orElse(-1);
        if (length == 0) {
            req.end();
            return;
        }
        req.setChunked(length < 0); // else the Content-Length header is set already
        cancelTimer();
        upload = new BodyStreams.Upload(body, context, request.readTimeout(), ignored -> fail(stalled(request)));
        upload.pipe().endOnFailure(false).to(req).onComplete(piped -> {
            req.exceptionHandler(Exchange::ignore); // the pipe removed it
            if (piped.failed()) {
                fail(piped.cause());
            } else if (!settled && !future.isDone()) {
                startHeadTimer();
            }
        });
    }

    private void received(AsyncResult<HttpClientResponse> result) {
        cancelTimer();
        if (result.failed()) {
            fail(result.cause());
            return;
        }
        if (settled) {
            return; // failed meanwhile, and aborted
        }
        settled = true;
        HttpClientResponse response = result.result();
        download = new BodyStreams.Download(request.method() + " " + request.uri(), context, response, request.readTimeout(),
                () -> onContext(() -> {
                    if (!download.ended() || (upload != null && !upload.isDone())) {
                        abort(); // closed before the end, or timed out: the connection must not be reused
                    } else {
                        open.remove(this);
                    }
                }));
        TransportResponse handed = TransportResponse.of(response.statusCode(), VertxTransport.headers(response.headers()), download);
        deliver(executor, context, () -> {
            if (!future.complete(handed)) {
                handed.close(); // cancelled or failed meanwhile: nobody else will close it
            }
        });
    }

    private void fail(Throwable cause) {
        cancelTimer();
        if (!settled && !future.isDone()) { // the first failure is the cause; the abort's own come after it
            settled = true;
            Throwable mapped = Failures.map(request, cause, upload);
            deliver(executor, context, () -> future.completeExceptionally(mapped));
        }
        abort();
    }

    /** Aborts the exchange after a cancel, unless a response was handed over before it. */
    private void cancelled() {
        onContext(() -> {
            if (future.isCompletedExceptionally()) {
                abort();
            }
        });
    }

    /** Runs {@code action} on the context; a closed Vertx runs nothing, and its client is closed anyway. */
    private void onContext(Runnable action) {
        try {
            context.runOnContext(v -> action.run());
        } catch (RuntimeException e) {
            open.remove(this);
        }
    }

    /** {@return the failure of an upload that the server took no bytes of for the read timeout} */
    static RequestTimeoutException stalled(TransportRequest request) {
        return new RequestTimeoutException(request.method(), request.uri(),
                "the server took no request body data for " + request.readTimeout(), null);
    }

    private void abort() {
        open.remove(this);
        aborted = true;
        cancelTimer();
        if (upload != null) {
            upload.close();
        }
        if (nativeRequest != null) {
            boolean responseEnded = download != null && download.ended();
            nativeRequest.reset();
            if (responseEnded && upload != null && !upload.isDone()) {
                // Vert.x resets a request whose response has ended by dropping the stream only: the
                // connection, with its request unfinished, would hold its pool slot for good. Close it.
                nativeRequest.connection().close();
            }
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private static void ignore(Throwable failure) {
        // Reported through the response future or the pipe instead.
    }

    /** {@return {@code timeout} in milliseconds, at least 1 and at most about 24 days} */
    static long millis(Duration timeout) {
        return timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : Math.max(1, timeout.toMillis());
    }

    /**
     * Runs {@code action} once, off the event loop: on {@code executor} if there is one, else on a
     * Vert.x worker thread of {@code context}. If that is rejected (shutting down) or there is
     * neither, it runs on this thread, or on the common pool when this thread is an event loop.
     * Callbacks of the SDK read response bodies, which must never happen on an event loop.
     */
    static void deliver(Executor executor, Context context, Runnable action) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                action.run();
            }
        };
        try {
            if (executor != null) {
                executor.execute(once);
                return;
            }
            if (context != null) {
                context.executeBlocking(() -> {
                    once.run();
                    return null;
                }, false).onFailure(e -> offEventLoop(once));
                return;
            }
        } catch (RuntimeException e) {
            // Rejected: the executor or Vert.x is shutting down.
        }
        offEventLoop(once);
    }

    private static void offEventLoop(Runnable action) {
        if (Context.isOnEventLoopThread()) {
            ForkJoinPool.commonPool().execute(action);
        } else {
            action.run();
        }
    }

    /**
     * The future {@link VertxTransport#send} returns and every future derived from it. Cancelling
     * the one returned aborts the exchange; cancelling a derived one with {@code cancel(true)}
     * fails the returned one with a {@link CancellationException} and aborts as well, as the JDK
     * client's futures do, while {@code cancel(false)} on a derived one leaves the exchange running.
     */
    static final class ExchangeFuture<T> extends CompletableFuture<T> {
        private final Runnable abort;
        private final ExchangeFuture<?> returned;

        ExchangeFuture(Runnable abort) {
            this(abort, null);
        }

        private ExchangeFuture(Runnable abort, ExchangeFuture<?> returned) {
            this.abort = abort;
            this.returned = returned;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && (returned == null || mayInterruptIfRunning)) {
                if (returned != null) {
                    returned.completeExceptionally(new CancellationException("a dependent future was cancelled"));
                }
                abort.run(); // never throws: it only schedules the abort
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new ExchangeFuture<>(abort, returned == null ? this : returned);
        }
    }
}
