package com.sference.transport.apache;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.HeaderRules;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A {@link Transport} over {@link CloseableHttpAsyncClient#execute}, streaming request and
 * response bodies with bounded buffers and never blocking the client's I/O threads.
 *
 * <p>Request bodies are read on the executor, a chunk at a time, by {@link RequestBodyProducer};
 * they go out with {@code Content-Length} when their length is known and chunked otherwise.
 * Responses are taken by {@link ResponseBodyConsumer}, which hands the response over as soon as
 * its headers arrive and streams the body to the reader with flow control.
 *
 * <p>Timeouts. {@link TransportRequest#timeout()} is a deadline for the exchange up to the
 * response headers (waiting for a pooled connection, connecting, sending the body, waiting for
 * the headers), as the transport contract says, and ends in {@link RequestTimeoutException}; a
 * body that streams slowly after its headers is not cut off. A client this transport built has
 * no Apache response timeout for that reason; a supplied client keeps its own.
 *
 * <p>Cancellation. Cancelling the returned future, with either argument, aborts the exchange and
 * discards its connection, as does closing a response whose body was not read to its end. The
 * future completes on the executor, never on an I/O thread, so a stage that reads the body
 * synchronously cannot stall the client. On a client the transport built, the connection is
 * closed at once; on a supplied one, HttpClient 5.6.5 may lose the cancellation (see
 * {@link ResponseBodyConsumer#abort()}), and the connection is then closed when the response
 * or its next data arrives, or the client's own timeouts end the exchange: it is never reused
 * half-read either way.
 *
 * <p>Hop-by-hop and framing headers in a request ({@code Connection}, {@code Content-Length},
 * {@code Host}, {@code Transfer-Encoding} and the like) are dropped: the client writes them
 * itself. {@code Content-Type} comes from the body when there is one.
 */
final class ApacheTransport implements Transport {

    /** The name the provider registers and users select this transport by. */
    static final String NAME = "apache";

    /** Headers the client writes itself, and hop-by-hop headers that are the client's business. */
    private static final Set<String> SKIPPED_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "http2-settings", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    /** The longest timeout honoured; a longer one, such as {@code ChronoUnit.FOREVER}, waits this long. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

    private final CloseableHttpAsyncClient client;
    private final RequestConfig ownedDefaults;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a transport over {@code client}.
     *
     * @param client the started client to send through
     * @param ownedDefaults the default request configuration of a client this transport built and
     *     closes, or {@code null} for a client the user supplied, which is never closed
     * @param executor where to complete futures and read request bodies, or {@code null} for a
     *     pool of daemon threads this transport owns
     */
    ApacheTransport(CloseableHttpAsyncClient client, RequestConfig ownedDefaults, Executor executor) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownedDefaults = ownedDefaults;
        this.ownedExecutor = executor == null
                ? Executors.newCachedThreadPool(ApacheTransportProvider.daemonThreads("sference-apache-worker-")) : null;
        this.executor = executor == null ? ownedExecutor : executor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<TransportResponse> send(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the apache transport is closed"));
        }
        BasicHttpRequest nativeRequest;
        try {
            nativeRequest = toNative(request);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        RequestBody body = request.body().orElse(null);
        RequestBodyProducer producer = body == null ? null : new RequestBodyProducer(body, executor);
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        ResponseBodyConsumer consumer = new ResponseBodyConsumer(request, result, executor);
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(ResponseBodyConsumer.ATTRIBUTE, consumer);
        Duration timeout = request.timeout().compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : request.timeout();
        ScheduledFuture<?> deadline = Deadlines.TIMER.schedule(() -> {
            if (!consumer.responded() && result.completeExceptionally(new RequestTimeoutException(request.method(), request.uri(),
                    "no response within " + request.timeout(), null))) {
                consumer.abort();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((response, failure) -> {
            deadline.cancel(false);
            if (result.isCancelled()) {
                consumer.abort();
            }
        });
        try {
            Future<Void> exchange = client.execute(new BasicRequestProducer(nativeRequest, producer), consumer, null, context,
                    new FutureCallback<>() {
                        @Override
                        public void completed(Void ignored) {
                            // The response was handed over when its headers arrived.
                        }

                        @Override
                        public void failed(Exception e) {
                            if (!consumer.responded()) { // otherwise the body's reader gets the failure
                                result.completeExceptionally(failure(request, e));
                            }
                        }

                        @Override
                        public void cancelled() {
                            if (!consumer.responded()) {
                                result.completeExceptionally(new TransportException(request.method(), request.uri(),
                                        "the exchange was cancelled by the HTTP client", null));
                            }
                        }
                    });
            consumer.attach(exchange);
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(request, e));
        }
        return result;
    }

    /**
     * Closes the client if this transport built it: gracefully, waiting up to one second for
     * exchanges in progress, then at once. A client the user supplied stays open. The executor
     * this transport owns is shut down; one from the configuration is left alone.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ownedDefaults != null) {
            client.initiateShutdown();
            try {
                client.awaitShutdown(TimeValue.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                client.close(CloseMode.IMMEDIATE);
            }
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "ApacheTransport[" + (ownedDefaults != null ? "owned client" : "supplied client")
                + (closed.get() ? ", closed" : "") + "]";
    }

    private static BasicHttpRequest toNative(TransportRequest request) {
        HeaderRules.check(request);
        BasicHttpRequest nativeRequest;
        try {
            nativeRequest = new BasicHttpRequest(request.method(), request.uri());
        } catch (IllegalArgumentException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request: " + e.getMessage(), e);
        }
        boolean hasBody = request.body().isPresent();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (SKIPPED_HEADERS.contains(name) || (hasBody && name.equals("content-type"))) {
                continue;
            }
            if (!isToken(name)) {
                throw new TransportException(request.method(), request.uri(), "invalid request header name", null);
            }
            for (String value : header.getValue()) {
                if (!isFieldValue(value)) {
                    // Name only, never the value: it may be a credential.
                    throw new TransportException(request.method(), request.uri(), "invalid request header: " + name, null);
                }
                nativeRequest.addHeader(name, value);
            }
        }
        return nativeRequest;
    }

    /** {@return whether {@code name} is an RFC 9110 token} */
    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@return whether {@code value} can be written as one ISO-8859-1 header line: no CR, LF or other controls} */
    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Maps what the client failed with to the SDK's exception, naming method and URL only. */
    static TransportException failure(TransportRequest request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TransportException) {
            return (TransportException) cause;
        }
        String method = request.method();
        if (cause instanceof ConnectTimeoutException) {
            return new RequestTimeoutException(method, request.uri(), "connect timed out", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new RequestTimeoutException(method, request.uri(), "no response within " + request.timeout(), cause);
        }
        String reason = cause instanceof ConnectException || cause instanceof UnknownHostException ? "connection failed: "
                : cause instanceof IOException || cause instanceof UncheckedIOException ? "I/O error: "
                : cause instanceof HttpException ? "protocol error: " : "request failed: ";
        return new TransportException(method, request.uri(), reason + describe(cause), cause);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** One daemon thread per class loader that ends exchanges whose headers are late. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    ApacheTransportProvider.daemonThreads("sference-apache-deadline-"));
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
