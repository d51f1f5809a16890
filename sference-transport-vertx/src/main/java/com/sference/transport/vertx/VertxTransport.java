package com.sference.transport.vertx;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Transport} over a Vert.x 5 {@link HttpClient}, or over a user's {@link WebClient}.
 *
 * <p>Over an {@code HttpClient} every exchange runs on one Vert.x context: the request body is a
 * {@link BodyStreams.Upload} piped into the request with back-pressure, sent with
 * {@code Content-Length} when its length is known and chunked otherwise; the future completes as
 * soon as the response headers are in, and the body streams through a {@link BodyStreams.Download}.
 * A timer started at {@link #send} fails the exchange with {@link RequestTimeoutException} if no
 * response head has arrived within {@link TransportRequest#timeout()}. Failing, cancelling, or
 * closing a response before its end resets the request, which closes an HTTP/1.1 connection, so
 * a connection is never reused half-read. Over a {@code WebClient} see
 * {@link VertxTransportProvider} for what differs.
 *
 * <p>Futures complete on the configured executor, or on a Vert.x worker thread, never on an
 * event loop: the SDK reads bodies from its callbacks.
 */
final class VertxTransport implements Transport {

    /** The name the provider registers and users select this transport by. */
    static final String NAME = "vertx";

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
            return CompletableFuture.failedFuture(new IllegalStateException("the vertx transport is closed"));
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
        Exchange exchange = new Exchange(request, vertx.getOrCreateContext());
        exchange.context.runOnContext(v -> exchange.start(options));
        return exchange.future;
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

    /** Closes the HTTP client this transport created, and the {@code Vertx} it owns; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || webClient != null) {
            return;
        }
        if (Context.isOnVertxThread()) { // a Vert.x thread must not wait for its own shutdown
            client.close().onComplete(done -> {
                if (ownsVertx) {
                    vertx.close();
                }
            });
            return;
        }
        await(client.close());
        if (ownsVertx) {
            await(vertx.close());
        }
    }

    /** Waits a while for {@code closing}: closing is best effort, and owned threads are daemons anyway. */
    private static void await(io.vertx.core.Future<Void> closing) {
        try {
            closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // Nothing more to do.
        }
    }

    @Override
    public String toString() {
        String over = webClient != null ? "supplied WebClient" : ownsVertx ? "owned Vertx" : "supplied Vertx";
        return "VertxTransport[" + over + (closed.get() ? ", closed" : "") + "]";
    }

    private CompletableFuture<TransportResponse> sendThroughWebClient(TransportRequest request, RequestOptions options) {
        options.setTimeout(Math.max(1, request.timeout().toMillis())); // the Web Client's connect and idle timeouts
        RequestBody body = request.body().orElse(null);
        BodyStreams.Upload upload = body == null || body.contentLength().orElse(-1) == 0 ? null : new BodyStreams.Upload(body, null);
        ExchangeFuture<TransportResponse> future = new ExchangeFuture<>(() -> {
            if (upload != null) {
                upload.fail(new CancellationException("the call was cancelled")); // resets the request
            }
        });
        io.vertx.core.Future<HttpResponse<Buffer>> sent = body == null ? webClient.request(options).send()
                : upload == null ? webClient.request(options).sendBuffer(Buffer.buffer())
                : webClient.request(options).sendStream(upload);
        sent.onComplete(result -> deliver(Vertx.currentContext(), () -> {
            if (result.succeeded()) {
                HttpResponse<Buffer> response = result.result();
                byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes();
                future.complete(new VertxResponse(response.statusCode(), lowerCase(response.headers()), new ByteArrayInputStream(bytes)));
            } else {
                future.completeExceptionally(failure(request, result.cause(), upload));
            }
        }));
        return future;
    }

    /** Maps our request to Vert.x options: method, URI, validated headers, body headers, proxy. */
    private RequestOptions toOptions(TransportRequest request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()));
        try {
            options.setAbsoluteURI(request.uri().toASCIIString());
        } catch (RuntimeException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request URI: " + describe(e), e);
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

    /** Adds a header the way the JDK's client accepts one: a token name, a value of Latin-1 text. */
    private static void addHeader(TransportRequest request, MultiMap headers, String name, String value) {
        boolean valid = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)
                && value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF));
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
            throw new TransportException(request.method(), request.uri(), "the proxy selector failed: " + describe(e), e);
        }
        Proxy first = choices == null || choices.isEmpty() ? Proxy.NO_PROXY : choices.get(0);
        if (first.type() == Proxy.Type.DIRECT || !(first.address() instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress address = (InetSocketAddress) first.address();
        return new ProxyOptions().setType(first.type() == Proxy.Type.SOCKS ? ProxyType.SOCKS5 : ProxyType.HTTP)
                .setHost(address.getHostString()).setPort(address.getPort());
    }

    /**
     * Runs {@code action} once, off the event loop: on the configured executor, else on a Vert.x
     * worker thread of {@code context}, else (while shutting down) on this thread.
     */
    private void deliver(Context context, Runnable action) {
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
                }, false).onFailure(e -> once.run());
                return;
            }
        } catch (RuntimeException e) {
            // Rejected: the executor or Vert.x is shutting down.
        }
        once.run();
    }

    /** Maps what Vert.x failed with to the SDK's exception, naming method and URL only. */
    static Throwable failure(TransportRequest request, Throwable error, BodyStreams.Upload upload) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Throwable unreadable = upload == null ? null : upload.failure();
        if (unreadable != null && !(unreadable instanceof CancellationException)) {
            return new TransportException(request.method(), request.uri(), "cannot read the request body: " + describe(unreadable), unreadable);
        }
        if (cause instanceof TransportException || cause instanceof CancellationException || cause instanceof Error) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return new RequestTimeoutException(request.method(), request.uri(), "connect timed out", cause);
            }
            if (t instanceof TimeoutException) {
                return new RequestTimeoutException(request.method(), request.uri(), "timed out: " + describe(t), cause);
            }
        }
        String reason = cause instanceof ConnectException ? "connection failed: "
                : cause instanceof IOException || cause instanceof io.vertx.core.VertxException ? "I/O error: " : "request failed: ";
        return new TransportException(request.method(), request.uri(), reason + describe(cause), cause);
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static Map<String, List<String>> lowerCase(MultiMap headers) {
        Map<String, List<String>> merged = new TreeMap<>();
        headers.forEach((name, value) -> merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value));
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }

    /** One exchange over the {@code HttpClient}; every method but the constructor runs on {@link #context}. */
    private final class Exchange {
        final TransportRequest request;
        final Context context;
        final ExchangeFuture<TransportResponse> future;
        private HttpClientRequest nativeRequest;
        private BodyStreams.Upload upload;
        private BodyStreams.Download download;
        private long timer = -1;
        private boolean aborted;

        Exchange(TransportRequest request, Context context) {
            this.request = request;
            this.context = context;
            this.future = new ExchangeFuture<>(this::cancelled);
        }

        /** Aborts the exchange after a cancel, unless a response was handed over before it. */
        private void cancelled() {
            context.runOnContext(v -> {
                if (future.isCompletedExceptionally()) {
                    abort();
                }
            });
        }

        void start(RequestOptions options) {
            if (future.isDone()) {
                return;
            }
            timer = vertx.setTimer(Math.max(1, request.timeout().toMillis()), id -> fail(
                    new RequestTimeoutException(request.method(), request.uri(), "no response within " + request.timeout(), null)));
            client.request(options).onComplete(result -> {
                if (result.failed()) {
                    fail(result.cause());
                } else if (aborted || future.isDone()) {
                    result.result().reset();
                } else {
                    write(result.result());
                }
            });
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
            req.setChunked(length < 0);
            upload = new BodyStreams.Upload(body, context);
            upload.pipe().endOnFailure(false).to(req).onComplete(piped -> {
                req.exceptionHandler(Exchange::ignore); // the pipe removed it
                if (piped.failed()) {
                    fail(piped.cause());
                }
            });
        }

        private static void ignore(Throwable failure) {
            // Reported through the response future or the pipe instead.
        }

        private void received(AsyncResult<HttpClientResponse> result) {
            cancelTimer();
            if (result.failed()) {
                fail(result.cause());
                return;
            }
            HttpClientResponse response = result.result();
            download = new BodyStreams.Download(request.method() + " " + request.uri(), context, response,
                    () -> context.runOnContext(v -> {
                        if (!download.ended() || (upload != null && !upload.isDone())) {
                            abort(); // closed before the end: the connection must not be reused
                        }
                    }));
            VertxResponse handed = new VertxResponse(response.statusCode(), lowerCase(response.headers()), download);
            deliver(context, () -> {
                if (!future.complete(handed)) {
                    handed.close(); // cancelled or failed meanwhile: nobody else will close it
                }
            });
        }

        private void fail(Throwable cause) {
            cancelTimer();
            if (!future.isDone()) {
                Throwable mapped = failure(request, cause, upload);
                deliver(context, () -> future.completeExceptionally(mapped));
            }
            abort();
        }

        private void abort() {
            aborted = true;
            cancelTimer();
            if (upload != null) {
                upload.close();
            }
            if (nativeRequest != null) {
                nativeRequest.reset();
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    /**
     * The future {@link #send} returns and every future derived from it. Cancelling the one
     * returned aborts the exchange; cancelling a derived one with {@code cancel(true)} fails the
     * returned one with a {@link CancellationException} and aborts as well, as the JDK client's
     * futures do, while {@code cancel(false)} on a derived one leaves the exchange running.
     */
    private static final class ExchangeFuture<T> extends CompletableFuture<T> {
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
                abort.run();
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new ExchangeFuture<>(abort, returned == null ? this : returned);
        }
    }

    /** A response whose body is a stream; closing it releases, or aborts, the exchange. */
    private static final class VertxResponse implements TransportResponse {
        private final int status;
        private final Map<String, List<String>> headers;
        private final InputStream body;

        VertxResponse(int status, Map<String, List<String>> headers, InputStream body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Map<String, List<String>> headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            BodyStreams.closeQuietly(body);
        }

        @Override
        public String toString() {
            return "TransportResponse[" + status + "]";
        }
    }
}
