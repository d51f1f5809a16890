package com.sference.transport.vertx;

import com.sference.TransportException;
import com.sference.transport.HeaderRules;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Transport} over a Vert.x 5 {@link HttpClient}, or over a user's {@link WebClient}.
 *
 * <p>Over an {@code HttpClient} each call is an {@link Exchange}: streamed both ways, with its
 * response future completed once the response head is in. Over a {@code WebClient} the request
 * body streams the same way, but the Web Client hands over a response only with its whole body,
 * which is then read from memory; see {@link VertxTransportProvider}.
 *
 * <p>Request headers are checked by {@link HeaderRules} (a token name; a value of printable
 * ASCII) and an invalid one fails the call naming the header,
 * never its value. Hop-by-hop and framing headers are dropped: Vert.x writes {@code Host},
 * {@code Content-Length} (set from a body of known length) and {@code Transfer-Encoding} itself.
 * {@code Content-Type} comes from the body when there is one.
 *
 * <p>Futures complete on the configured executor, or on a Vert.x worker thread, never on an
 * event loop: the SDK reads bodies from its callbacks.
 *
 * <p>After {@link #close()}, and over a {@code Vertx} or {@code WebClient} that its owner closed,
 * {@link #send} returns a failed future; closing fails the exchanges still open (their futures
 * and unread bodies) and takes a few seconds at most.
 */
final class VertxTransport implements Transport {

    /** The name the provider registers and users select this transport by. */
    static final String NAME = "vertx";

    /** How long {@link #close()} waits for Vert.x to close, in all. */
    private static final long CLOSE_WAIT_MILLIS = 3_000;

    /** Headers Vert.x writes itself, and hop-by-hop headers that are the client's business. */
    private static final Set<String> SKIPPED_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "http2-settings", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final Vertx vertx;
    private final HttpClient client;
    private final WebClient webClient;
    private final boolean ownsVertx;
    private final ProxySelector proxy;
    private final Executor executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Each call in flight, with what fails it when the transport closes. */
    private final Map<Object, Runnable> open = new ConcurrentHashMap<>();

    /** Sends through {@code client} on {@code vertx}; closes the client, and {@code vertx} if owned. */
    VertxTransport(Vertx vertx, HttpClient client, boolean ownsVertx, TransportConfig config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.webClient = null;
        this.ownsVertx = ownsVertx;
        this.proxy = config.proxy().orElse(null);
        this.executor = config.executor().orElse(null);
    }

    /** Sends through the user's {@code webClient}, which is never closed here. */
    VertxTransport(WebClient webClient, TransportConfig config) {
        this.vertx = null;
        this.client = null;
        this.webClient = Objects.requireNonNull(webClient, "webClient");
        this.ownsVertx = false;
        this.proxy = null;
        this.executor = config.executor().orElse(null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<TransportResponse> send(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            return CompletableFuture.failedFuture(Failures.closed(request, null));
        }
        RequestOptions options;
        try {
            options = toOptions(request);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (webClient != null) {
            return sendThroughWebClient(request, options);
        }
        Context context;
        try {
            context = vertx.getOrCreateContext();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Failures.vertxClosed(request, e));
        }
        Exchange exchange = new Exchange(request, client, context, executor, open);
        if (closed.get()) { // closed meanwhile: close() may have missed this exchange
            exchange.closedByTransport();
        }
        return exchange.start(options);
    }

    /**
     * Sends and waits for the response head.
     *
     * @throws IllegalStateException on a Vert.x event loop, which must never block: use {@link #send}
     */
    @Override
    public TransportResponse execute(TransportRequest request) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("execute(...) blocks and this thread is a Vert.x event loop: use send(...)");
        }
        return Transport.super.execute(request);
    }

    /**
     * Fails the exchanges still open, then closes the HTTP client this transport created and the
     * {@code Vertx} it owns, waiting {@value #CLOSE_WAIT_MILLIS} ms for them at most; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Runnable failing : List.copyOf(open.values())) {
            failing.run();
        }
        if (webClient != null) {
            return;
        }
        if (Context.isOnVertxThread()) { // a Vert.x thread must not wait for its own shutdown
            closeQuietly(() -> client.close().onComplete(done -> {
                if (ownsVertx) {
                    vertx.close();
                }
            }));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        closeQuietly(() -> await(client.close(), deadline));
        if (ownsVertx) {
            closeQuietly(() -> await(vertx.close(), deadline));
        }
    }

    /** Waits for {@code closing} until {@code deadline}: closing is best effort, and owned threads are daemons anyway. */
    private static void await(io.vertx.core.Future<Void> closing, long deadline) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Nothing more to do.
        }
    }

    /** Runs a closing step; a Vert.x instance the user closed already rejects it, which is fine. */
    private static void closeQuietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // Already closed: nothing left to release.
        }
    }

    @Override
    public String toString() {
        String over = webClient != null ? "supplied WebClient" : ownsVertx ? "owned Vertx" : "supplied Vertx";
        return "VertxTransport[" + over + (closed.get() ? ", closed" : "") + "]";
    }

    private CompletableFuture<TransportResponse> sendThroughWebClient(TransportRequest request, RequestOptions options) {
        options.setTimeout(Exchange.millis(request.timeout())); // the Web Client's connect and idle timeouts
        RequestBody body = request.body().orElse(null);
        BodyStreams.Upload upload = body == null || body.contentLength().orElse(-1) == 0 ? null
                : new BodyStreams.Upload(body, null, request.readTimeout(), stalledUpload -> stalledUpload.fail(Exchange.stalled(request)));
        Exchange.ExchangeFuture<TransportResponse> future = new Exchange.ExchangeFuture<>(() -> {
            if (upload != null) {
                upload.fail(new CancellationException("the call was cancelled")); // resets the request
            }
        });
        open.put(future, () -> {
            TransportException closing = Failures.closed(request, null);
            if (upload != null) {
                upload.fail(closing); // resets the request
            }
            Exchange.deliver(executor, null, () -> future.completeExceptionally(closing));
        });
        future.whenComplete((response, failure) -> open.remove(future));
        if (closed.get()) { // closed meanwhile: close() may have missed this call
            open.getOrDefault(future, () -> { }).run();
            return future;
        }
        io.vertx.core.Future<HttpResponse<Buffer>> sent;
        try {
            sent = body == null ? webClient.request(options).send()
                    : upload == null ? webClient.request(options).sendBuffer(Buffer.buffer())
                    : webClient.request(options).sendStream(upload);
        } catch (RuntimeException e) { // the WebClient, or its Vertx, is closed
            future.completeExceptionally(Failures.map(request, e, upload));
            return future;
        }
        sent.onComplete(result -> Exchange.deliver(executor, Vertx.currentContext(), () -> {
            if (result.succeeded()) {
                HttpResponse<Buffer> response = result.result();
                byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes();
                future.complete(TransportResponse.of(response.statusCode(), headers(response.headers()), new ByteArrayInputStream(bytes)));
            } else {
                future.completeExceptionally(Failures.map(request, result.cause(), upload));
            }
        }));
        return future;
    }

    /** Maps our request to Vert.x options: method, URI, validated headers, body headers, proxy. */
    private RequestOptions toOptions(TransportRequest request) {
        HeaderRules.check(request);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()));
        String scheme = request.uri().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TransportException(request.method(), request.uri(), "unsupported URI scheme: " + scheme, null);
        }
        if (request.uri().getHost() == null || request.uri().getHost().isEmpty()) {
            throw new TransportException(request.method(), request.uri(), "invalid request URI: it names no host", null);
        }
        int port = request.uri().getPort();
        if (port == 0 || port < -1 || port > 65535) {
            throw new TransportException(request.method(), request.uri(), "invalid request URI: port out of range: " + port,
                    null);
        }
        try {
            options.setAbsoluteURI(request.uri().toASCIIString());
        } catch (RuntimeException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request URI: " + Failures.describe(e), e);
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        RequestBody body = request.body().orElse(null);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (!SKIPPED_HEADERS.contains(name) && !(body != null && name.equals("content-type"))) {
                header.getValue().forEach(value -> addHeader(request, headers, name, value));
            }
        }
        if (body != null) {
            addHeader(request, headers, "content-type", body.contentType());
            body.contentLength().ifPresent(length -> headers.set("content-length", Long.toString(length)));
        }
        options.setHeaders(headers);
        ProxyOptions proxyOptions = proxyFor(request);
        if (proxyOptions != null) {
            options.setProxyOptions(proxyOptions);
        }
        return options;
    }

    /** Adds a header with a token name and a value of printable ASCII ({@link HeaderRules}). */
    private static void addHeader(TransportRequest request, MultiMap headers, String name, String value) {
        boolean valid = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)
                && HeaderRules.isPrintableAscii(value);
        try {
            if (valid) {
                headers.add(name, value);
                return;
            }
        } catch (IllegalArgumentException e) {
            // Vert.x's message may quote the value, which may be a credential: fall through.
        }
        throw new TransportException(request.method(), request.uri(), "invalid request header: " + name, null);
    }

    /** {@return the first proxy the selector names for this request, or null to go direct} */
    private ProxyOptions proxyFor(TransportRequest request) {
        if (proxy == null) {
            return null;
        }
        List<Proxy> choices;
        try {
            choices = proxy.select(request.uri());
        } catch (RuntimeException e) {
            throw new TransportException(request.method(), request.uri(), "the proxy selector failed: " + Failures.describe(e), e);
        }
        Proxy first = choices == null || choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
        if (first.type() == Proxy.Type.DIRECT || !(first.address() instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress address = (InetSocketAddress) first.address();
        return new ProxyOptions().setType(first.type() == Proxy.Type.SOCKS ? ProxyType.SOCKS5 : ProxyType.HTTP)
                .setHost(address.getHostString()).setPort(address.getPort());
    }

    /** {@return Vert.x's headers as a map of each name to all its values} */
    static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (String name : headers.names()) {
            byName.put(name, headers.getAll(name));
        }
        return byName;
    }
}
