package com.sference.transport.apache;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.HeaderRules;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;

/**
 * A {@link Transport} over {@link CloseableHttpAsyncClient#execute}, streaming request and
 * response bodies with bounded buffers and never blocking the client's I/O threads.
 *
 * <p>Request bodies are read on the executor, a chunk at a time, by {@link RequestBodyProducer};
 * they go out with {@code Content-Length} when their length is known and chunked otherwise.
 * Responses are taken by {@link ResponseBodyConsumer}, which hands the response over as soon as
 * its headers arrive and streams the body to the reader with flow control.
 *
 * <p>Timeouts, kept by the transport itself on every client, owned or supplied.
 * {@link TransportRequest#timeout()} bounds the wait for the response head: from the call to the
 * start of the request body (waiting for a pooled connection, connecting), and again from the
 * end of the body (or, without a body, from the call) to the head; it ends in a
 * {@link RequestTimeoutException}. {@link TransportRequest#readTimeout()} bounds every silence in
 * between and after: a request body of which the connection took nothing for that long fails the
 * future with a {@link RequestTimeoutException} ({@link ExchangeTimer}), and a reader of the
 * response body that waits that long for its next byte gets a
 * {@link java.net.SocketTimeoutException} ({@link ResponseBodyConsumer}); either aborts the
 * exchange. A body that streams slowly but steadily is never cut off. A client this transport
 * built has no Apache response timeout, which would also fire on a reader that is merely slow.
 *
 * <p>Failures before the head are {@link TransportException}s whose message names the root cause
 * ("connection failed: Connection refused") and whose {@link TransportException#retryable()}
 * says whether sending again may help: yes for a connect that failed or timed out, a connection
 * closed or reset, and a late head; no for a header the rules refuse, an invalid URI or a scheme
 * other than {@code http} and {@code https}, a request body that failed, a certificate the client
 * does not trust, and a closed transport.
 *
 * <p>Closing. {@link #close()} fails every exchange still open (its future, or the reader of its
 * body) and closes an owned client with {@link CloseMode#IMMEDIATE}, without waiting; later
 * calls of {@link #send} return a failed future.
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

    private final CloseableHttpAsyncClient client;
    private final RequestConfig ownedDefaults;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<ResponseBodyConsumer> open = ConcurrentHashMap.newKeySet(); // exchanges close() fails

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
            return CompletableFuture.failedFuture(closedFailure(request));
        }
        BasicHttpRequest nativeRequest;
        try {
            nativeRequest = toNative(request);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        ResponseBodyConsumer consumer = new ResponseBodyConsumer(request, result, executor, open::remove);
        ExchangeTimer timer = new ExchangeTimer(request, result, consumer);
        RequestBody body = request.body().orElse(null);
        RequestBodyProducer producer = body == null ? null : new RequestBodyProducer(body, executor, timer);
        result.whenComplete((response, failure) -> {
            timer.stop();
            if (failure != null) {
                open.remove(consumer);
            }
            if (result.isCancelled()) {
                consumer.abort();
            }
        });
        open.add(consumer);
        if (closed.get()) { // closed meanwhile, perhaps without seeing this exchange
            consumer.closedWith(closedFailure(request));
            return result;
        }
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(ResponseBodyConsumer.ATTRIBUTE, consumer);
        timer.start();
        try {
            Future<Void> exchange = client.execute(new BasicRequestProducer(nativeRequest, producer), consumer, null, context,
                    new FutureCallback<>() {
                        @Override
                        public void completed(Void ignored) {
                            open.remove(consumer); // the response was handed over when its headers arrived
                        }

                        @Override
                        public void failed(Exception e) {
                            open.remove(consumer);
                            if (!consumer.responded()) { // otherwise the body's reader gets the failure
                                result.completeExceptionally(Failures.of(request, e));
                            }
                        }

                        @Override
                        public void cancelled() {
                            open.remove(consumer);
                            if (!consumer.responded()) {
                                result.completeExceptionally(new TransportException(request.method(), request.uri(),
                                        "the exchange was cancelled by the HTTP client", null));
                            }
                        }
                    });
            consumer.attach(exchange);
        } catch (RuntimeException e) {
            result.completeExceptionally(closed.get() ? closedFailure(request) : Failures.of(request, e));
        }
        return result;
    }

    /**
     * Fails every exchange still open (their futures, and the readers of their bodies) and
     * closes the client at once if this transport built it; returns within moments whatever is
     * in flight, as nothing here waits. A client the user supplied stays open, but the exchanges
     * this transport started on it are aborted. The executor this transport owns is shut down;
     * one from the configuration is left alone.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ResponseBodyConsumer consumer : List.copyOf(open)) {
            consumer.closedWith(closedFailure(consumer.request()));
        }
        open.clear();
        if (ownedDefaults != null) {
            client.close(CloseMode.IMMEDIATE); // does not wait for the I/O threads, which end on their own
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    private static TransportException closedFailure(TransportRequest request) {
        return new TransportException(request.method(), request.uri(), "the apache transport is closed", null, false);
    }

    @Override
    public String toString() {
        return "ApacheTransport[" + (ownedDefaults != null ? "owned client" : "supplied client")
                + (closed.get() ? ", closed" : "") + "]";
    }

    private static BasicHttpRequest toNative(TransportRequest request) {
        HeaderRules.check(request);
        URI uri = request.uri();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TransportException(request.method(), uri, "unsupported URI scheme: " + uri.getScheme(), null, false);
        }
        if (uri.getHost() == null) {
            throw new TransportException(request.method(), uri, "invalid URI: no host", null, false);
        }
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
}
