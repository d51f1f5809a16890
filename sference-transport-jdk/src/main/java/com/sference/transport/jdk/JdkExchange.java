package com.sference.transport.jdk;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One exchange of a {@link JdkTransport}, from {@code send} until its response body is done: the
 * future handed to the caller, the timers that bound the exchange, its response body, and how it
 * fails.
 *
 * <p>Timers. The JDK's own {@code HttpRequest.timeout} runs from the start of the exchange to
 * the response head, so it would also cut an upload that takes longer, however steadily the
 * server takes it. The exchange keeps its own timers instead, on the transport's scheduler: the
 * response timeout runs from the send until the client starts writing the body, and again from
 * the moment the whole body was written until the head arrives; while the body is written, the
 * read timeout bounds each silence of the server (the client asking for no more of the body for
 * that long, while the source is not the one being waited for). A timeout fails the future with
 * a retryable {@link RequestTimeoutException} and aborts the exchange, closing its connection.
 * {@link ResponseBody} bounds the reads of the body.
 */
final class JdkExchange implements UploadPublisher.Progress {

    private final TransportRequest request;
    private final ScheduledExecutorService timers;
    private final Optional<ProxySelector> proxies;
    private final Consumer<JdkExchange> onEnd;
    private final ExchangeFuture<TransportResponse> result = new ExchangeFuture<>(this, true);
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile CompletableFuture<?> exchange;
    private volatile long lastProgress;
    private volatile IOException sourceFailure;
    private volatile ResponseBody body;
    private ScheduledFuture<?> timer; // guarded by this
    private boolean uploading; // guarded by this

    /**
     * Creates the exchange of {@code request}.
     *
     * @param request what is sent
     * @param timers the transport's scheduler
     * @param proxies the client's proxy selector, for {@link ConnectProbe}
     * @param onEnd told once when the exchange is over: failed, cancelled, or its body done
     */
    JdkExchange(TransportRequest request, ScheduledExecutorService timers, Optional<ProxySelector> proxies,
            Consumer<JdkExchange> onEnd) {
        this.request = Objects.requireNonNull(request, "request");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    /** {@return the future that {@code send} returns} */
    CompletableFuture<TransportResponse> result() {
        return result;
    }

    /** Starts the response timeout; call just before handing the request to the client. */
    void begin() {
        arm(request.timeout(), this::headTimedOut);
    }

    /** Follows {@code exchange}, the client's future of the response. */
    void attach(CompletableFuture<HttpResponse<InputStream>> exchange) {
        this.exchange = exchange;
        if (result.isDone()) {
            exchange.cancel(true); // timed out, cancelled or closed before the client had it
        }
        exchange.whenComplete(this::completed);
    }

    /** The client's body handler: the response head has arrived. */
    BodySubscriber<InputStream> bodySubscriber(ResponseInfo info) {
        ResponseBody created = new ResponseBody(request.readTimeout(), this::end);
        body = created;
        return created;
    }

    /** Fails the exchange with {@code error}, which the client threw or failed with. */
    void fail(Throwable error) {
        completed(null, error);
    }

    /** Fails the exchange because the transport is closing: the future, or the open body. */
    void abort() {
        if (result.completeExceptionally(new TransportException(request.method(), request.uri(),
                "the jdk transport was closed", null, false))) {
            cancelExchange();
        }
        ResponseBody open = body;
        if (open != null) {
            open.abort(new IOException("the jdk transport was closed"));
        }
        disarm();
        end();
    }

    @Override
    public void started() {
        synchronized (this) {
            uploading = true;
            demand.set(0);
            lastProgress = System.nanoTime();
        }
        arm(request.readTimeout(), this::checkUpload);
    }

    @Override
    public void demanded(long n) {
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        lastProgress = System.nanoTime();
    }

    @Override
    public void sent() {
        demand.decrementAndGet();
        lastProgress = System.nanoTime();
    }

    @Override
    public void finished() {
        synchronized (this) {
            uploading = false;
        }
        arm(request.timeout(), this::headTimedOut);
    }

    @Override
    public void sourceFailed(IOException failure) {
        sourceFailure = failure;
    }

    private void completed(HttpResponse<InputStream> response, Throwable error) {
        if (error == null) {
            boolean handed = result.complete(TransportResponse.of(response.statusCode(), response.headers().map(), response.body()));
            disarm();
            if (!handed) {
                closeQuietly(response.body()); // cancelled, timed out or closed meanwhile: nobody else will close it
            }
            return;
        }
        disarm();
        if (result.isDone()) {
            end();
        } else if (Failures.isConnectWithoutReason(error)) {
            ConnectProbe.reason(request.uri(), proxies, timers)
                    .thenAccept(reason -> failWith(Failures.of(request, error, sourceFailure, reason)));
        } else {
            failWith(Failures.of(request, error, sourceFailure, null));
        }
    }

    private void failWith(Throwable failure) {
        result.completeExceptionally(failure);
        end();
    }

    private void headTimedOut() {
        timedOut("no response within " + request.timeout());
    }

    /** Runs every read timeout while the body is written, and times the exchange out if the server took nothing. */
    private void checkUpload() {
        long limit = request.readTimeout().toNanos();
        long wait;
        synchronized (this) {
            if (!uploading || result.isDone()) {
                return;
            }
            long idle = System.nanoTime() - lastProgress;
            // With demand outstanding the client waits for the source, not for the server.
            wait = demand.get() > 0 ? limit : limit - idle;
        }
        if (wait > 0) {
            arm(Duration.ofNanos(wait), this::checkUpload);
        } else {
            timedOut("the server took no request body bytes for " + request.readTimeout());
        }
    }

    private void timedOut(String reason) {
        if (result.completeExceptionally(new RequestTimeoutException(request.method(), request.uri(), reason, null))) {
            cancelExchange();
            end();
        }
    }

    /** Called by the future {@code send} returned when it was cancelled. */
    private void cancelled() {
        cancelExchange();
        disarm();
        end();
    }

    private void cancelExchange() {
        CompletableFuture<?> client = exchange;
        if (client != null) {
            client.cancel(true); // the JDK's futures abort the exchange on cancel(true) only
        }
    }

    private void arm(Duration delay, Runnable action) {
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (result.isDone()) {
                return;
            }
            try {
                timer = timers.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the transport is closing, and abort() ends this exchange
            }
        }
    }

    private synchronized void disarm() {
        uploading = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // close() never throws; a failed close leaves nothing to release.
        }
    }

    /**
     * The future {@link JdkTransport#send} returns and every future derived from it. Cancelling
     * the one returned, with either argument, aborts the exchange; cancelling a derived one does
     * so with {@code cancel(true)} only, as the JDK's own futures do.
     */
    private static final class ExchangeFuture<T> extends CompletableFuture<T> {
        private final JdkExchange owner;
        private final boolean returned;

        ExchangeFuture(JdkExchange owner, boolean returned) {
            this.owner = owner;
            this.returned = returned;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && (returned || mayInterruptIfRunning)) {
                owner.cancelled();
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new ExchangeFuture<>(owner, false);
        }
    }
}
