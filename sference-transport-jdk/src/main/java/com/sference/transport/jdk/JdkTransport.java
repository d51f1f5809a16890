package com.sference.transport.jdk;

import com.sference.TransportException;
import com.sference.transport.HeaderRules;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Transport} over {@link HttpClient#sendAsync}, streaming request and response bodies.
 *
 * <p>Request bodies go out through {@link UploadPublisher}, with their length when known (so the
 * server gets {@code Content-Length}) and chunked otherwise. Response bodies come back through
 * {@link ResponseBody}, so the returned future completes once the headers are in and the body is
 * read from the connection as the caller consumes it.
 *
 * <p>A request header value must be printable ASCII (with spaces and tabs): anything else fails
 * with a {@link TransportException} naming the header, since the JDK client would send a
 * character of ISO-8859-1 as {@code ?} and refuse the rest.
 *
 * <p>Hop-by-hop and framing headers in a request ({@code Connection}, {@code Content-Length},
 * {@code Host}, {@code Transfer-Encoding} and the like) are dropped: the JDK client writes them
 * itself and refuses most of them. {@code Content-Type} comes from the body when there is one.
 *
 * <p>Timeouts. The JDK's {@code HttpRequest.timeout} is not used: it runs from the start of the
 * exchange until the response head, so it would cut an upload longer than it, however steadily
 * the server took it. {@link JdkExchange} times the exchange instead, on a scheduler of one
 * daemon thread that this transport owns: the response timeout until the client starts writing
 * the body and again once the body is written, the read timeout for each silence while the body
 * is written, and {@link ResponseBody} the read timeout for each wait for the next bytes of the
 * response body. A timeout completes the future on that thread, so its dependent stages should
 * not block.
 *
 * <p>Cancellation. The JDK 17 client (checked on 17.0.15; later releases document it on
 * {@code HttpClient.sendAsync}) returns futures whose {@code cancel(true)} aborts the exchange,
 * closing an HTTP/1.1 connection, as does {@code cancel(true)} on futures derived from them;
 * {@code cancel(false)} only marks the future cancelled and lets the exchange run on, and a
 * cancelled future's result is never delivered. So {@link #send} returns its own future:
 * cancelling it, with either argument, marks it cancelled and aborts the exchange, and the body
 * of a response that arrives anyway is closed. Futures derived from it abort the exchange on
 * {@code cancel(true)}, as the JDK's do; {@code cancel(false)} on a derived future does not reach
 * the exchange, and a response that then arrives is handed to no one and never closed, so cancel
 * the returned future itself or use {@code cancel(true)}. Once the returned future has completed,
 * cancelling does nothing: close the response instead.
 *
 * <p>Closing fails every exchange still open (a future not yet complete, or a body not yet
 * closed) and aborts it, closing its connection; then, for a client this transport built, on
 * JDK 21 and later it calls {@code HttpClient.shutdownNow()} and waits at most a second for the
 * client to end (never {@code close()}, which waits for every exchange however long it takes). On
 * JDK 17 the client has no such method: its idle connections and thread end once it is no longer
 * reachable.
 *
 * <p>Failures are mapped by {@link Failures}; when the JDK client reports a failed connect
 * without its reason, {@link ConnectProbe} finds it, so that a refused connection says
 * "Connection refused".
 */
final class JdkTransport implements Transport {

    /** The name the provider registers and users select this transport by. */
    static final String NAME = "jdk";

    /** How long {@link #close()} waits for a client it shut down to end (JDK 21+). */
    private static final Duration TERMINATION_WAIT = Duration.ofSeconds(1);

    /** Headers the JDK writes itself, and hop-by-hop headers that are the client's business. */
    private static final Set<String> SKIPPED_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "http2-settings", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final HttpClient client;
    private final boolean owned;
    private final ScheduledThreadPoolExecutor timers;
    private final Set<JdkExchange> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a transport over {@code client}.
     *
     * @param client the client to send through
     * @param owned whether {@link #close()} shuts {@code client} down
     */
    JdkTransport(HttpClient client, boolean owned) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
        this.timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sference-jdk-timer");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
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
        JdkExchange exchange = new JdkExchange(request, timers, client.proxy(), open::remove);
        HttpRequest nativeRequest;
        try {
            nativeRequest = toNative(request, exchange);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        open.add(exchange);
        if (closed.get()) { // closed meanwhile, perhaps before close() saw this exchange
            exchange.abort();
            return exchange.result();
        }
        exchange.begin();
        try {
            exchange.attach(client.sendAsync(nativeRequest, exchange::bodySubscriber));
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
        return exchange.result();
    }

    /**
     * Fails every exchange still open, then shuts down a client this transport built where the
     * JDK can (21 and later); a client the user supplied stays open. Returns within about a
     * second.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (JdkExchange exchange : open) {
            exchange.abort();
        }
        timers.shutdownNow();
        if (owned) {
            ClientShutdown.shutdownNow(client, TERMINATION_WAIT);
        }
    }

    @Override
    public String toString() {
        return "JdkTransport[" + (owned ? "owned client" : "supplied client") + (closed.get() ? ", closed" : "") + "]";
    }

    private static TransportException closedFailure(TransportRequest request) {
        return new TransportException(request.method(), request.uri(), "the jdk transport is closed", null, false);
    }

    private static HttpRequest toNative(TransportRequest request, JdkExchange exchange) {
        HeaderRules.check(request);
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.uri()); // no timeout(): JdkExchange times the exchange
        } catch (IllegalArgumentException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request: " + e.getMessage(), e);
        }
        RequestBody body = request.body().orElse(null);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (SKIPPED_HEADERS.contains(name) || (body != null && name.equals("content-type"))) {
                continue;
            }
            for (String value : header.getValue()) {
                try {
                    builder.header(name, value);
                } catch (IllegalArgumentException e) {
                    // The JDK's message quotes the value, which may be a credential: name only, no cause.
                    throw new TransportException(request.method(), request.uri(),
                            "invalid request header (a value must be printable ASCII): " + name, null);
                }
            }
        }
        BodyPublisher publisher = BodyPublishers.noBody();
        if (body != null) {
            builder.header("Content-Type", body.contentType());
            publisher = body.contentLength().orElse(-1) == 0
                    ? BodyPublishers.noBody() // sends Content-Length: 0 without opening the source
                    : new UploadPublisher(body, exchange);
        }
        try {
            return builder.method(request.method(), publisher).build();
        } catch (IllegalArgumentException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request: " + e.getMessage(), e);
        }
    }
}
