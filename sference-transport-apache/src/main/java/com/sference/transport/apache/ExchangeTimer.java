package com.sference.transport.apache;

import com.sference.RequestTimeoutException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends an exchange whose response head is late, or whose request body the server stopped taking,
 * with a {@link RequestTimeoutException}; the reader of a response body has its own timeout in
 * {@link ResponseBodyConsumer}.
 *
 * <p>The exchange goes through up to three phases. From {@link #start()} until the request body
 * starts going out (for a request without a body: until the head arrives), the head deadline of
 * {@link TransportRequest#timeout()} runs: waiting for a pooled connection, connecting, sending.
 * While the body goes out, the timer instead watches that the server keeps taking it: a body with
 * bytes waiting that the connection took none of for {@link TransportRequest#readTimeout()} fails.
 * Once the body is out, the head deadline runs again, from then, so that a long upload does not
 * eat the wait for the head. Whatever completes the transport's future stops the timer.
 *
 * <p>One daemon thread per class loader runs every timer; its tasks only complete futures and
 * abort exchanges, never block.
 */
final class ExchangeTimer {

    /** The longest timeout honoured; a longer one, such as {@code ChronoUnit.FOREVER}, waits this long. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

    private final TransportRequest request;
    private final CompletableFuture<TransportResponse> result;
    private final ResponseBodyConsumer consumer;
    private final long headNanos;
    private final long uploadNanos;

    private ScheduledFuture<?> task;
    private RequestBodyProducer upload; // the body being watched, while it goes out
    private boolean stopped;

    ExchangeTimer(TransportRequest request, CompletableFuture<TransportResponse> result, ResponseBodyConsumer consumer) {
        this.request = request;
        this.result = result;
        this.consumer = consumer;
        this.headNanos = nanos(request.timeout());
        this.uploadNanos = nanos(request.readTimeout());
    }

    /** {@return {@code timeout} in nanoseconds, at most {@link #MAX_TIMEOUT}} */
    static long nanos(Duration timeout) {
        return (timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout).toNanos();
    }

    /** Starts the head deadline; call once, when the exchange is handed to the client. */
    synchronized void start() {
        if (!stopped) {
            task = Timer.INSTANCE.schedule(this::headIsLate, headNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The connection started taking {@code body}: watch its progress instead of the head deadline. */
    void uploadStarted(RequestBodyProducer body) {
        synchronized (this) {
            if (stopped || upload == body) {
                return;
            }
            cancelTask();
            upload = body;
            task = Timer.INSTANCE.schedule(this::checkUpload, uploadNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The request body has gone out: the head deadline runs again, from now. */
    synchronized void uploadEnded() {
        if (stopped || upload == null) {
            return;
        }
        cancelTask();
        upload = null;
        start();
    }

    /** Stops every timer of the exchange; later calls of the other methods do nothing. */
    synchronized void stop() {
        stopped = true;
        upload = null;
        cancelTask();
    }

    private void cancelTask() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void headIsLate() {
        synchronized (this) {
            if (stopped || upload != null) {
                return;
            }
        }
        expire(new RequestTimeoutException(request.method(), request.uri(), "no response within " + request.timeout(), null));
    }

    private void checkUpload() {
        RequestBodyProducer body;
        synchronized (this) {
            if (stopped || upload == null) {
                return;
            }
            body = upload;
        }
        long silent = body.stalledNanos(System.nanoTime()); // outside this lock: the producer calls in with its own
        if (silent >= uploadNanos) {
            expire(new RequestTimeoutException(request.method(), request.uri(),
                    "the server took no request body data for " + request.readTimeout(), null));
            return;
        }
        synchronized (this) {
            if (!stopped && upload == body) {
                task = Timer.INSTANCE.schedule(this::checkUpload, uploadNanos - silent, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void expire(RequestTimeoutException e) {
        if (!consumer.responded() && result.completeExceptionally(e)) {
            consumer.abort();
        }
    }

    /** The one daemon thread, per class loader, that runs the timers. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    ApacheTransportProvider.daemonThreads("sference-apache-timer-"));
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
