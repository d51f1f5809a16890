package com.sference.transport.jdk;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.HeaderRules;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Transport} over {@link HttpClient#sendAsync}, streaming request and response bodies.
 *
 * <p>Request bodies go out through {@link BodyPublishers#ofInputStream}, with their length when
 * known (so the server gets {@code Content-Length}) and chunked otherwise. Response bodies come
 * back through {@link BodyHandlers#ofInputStream()}, so the returned future completes once the
 * headers are in and the body is read from the connection as the caller consumes it.
 *
 * <p>A request header value must be printable ASCII (with spaces and tabs): anything else fails
 * with a {@link TransportException} naming the header, since the JDK client would send a
 * character of ISO-8859-1 as {@code ?} and refuse the rest.
 *
 * <p>Hop-by-hop and framing headers in a request ({@code Connection}, {@code Content-Length},
 * {@code Host}, {@code Transfer-Encoding} and the like) are dropped: the JDK client writes them
 * itself and refuses most of them. {@code Content-Type} comes from the body when there is one.
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
 */
final class JdkTransport implements Transport {

    /** The name the provider registers and users select this transport by. */
    static final String NAME = "jdk";

    /** Headers the JDK writes itself, and hop-by-hop headers that are the client's business. */
    private static final Set<String> SKIPPED_HEADERS = Set.of(
            "connection", "content-length", "expect", "host", "http2-settings", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final HttpClient client;
    private final boolean owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a transport over {@code client}.
     *
     * @param client the client to send through
     * @param owned whether {@link #close()} closes {@code client}
     */
    JdkTransport(HttpClient client, boolean owned) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<TransportResponse> send(TransportRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the jdk transport is closed"));
        }
        CompletableFuture<HttpResponse<InputStream>> exchange;
        try {
            exchange = client.sendAsync(toNative(request), BodyHandlers.ofInputStream());
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(request, e));
        }
        ExchangeFuture<TransportResponse> result = new ExchangeFuture<>(exchange, true);
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(failure(request, error));
            } else if (!result.complete(TransportResponse.of(response.statusCode(), response.headers().map(), response.body()))) {
                closeQuietly(response.body()); // cancelled meanwhile: nobody will close it
            }
        });
        return result;
    }

    /**
     * Closes the client if this transport built it; a client the user supplied stays open. On
     * JDK 17 {@code HttpClient} has no {@code close()} and its threads end once it is no longer
     * reachable. On JDK 21 and later it is {@link AutoCloseable}, and its {@code close()} waits
     * for exchanges in progress, including responses whose body is still open, to finish.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !owned) {
            return;
        }
        if (client instanceof AutoCloseable) { // JDK 21+; on 17 HttpClient has no close()
            try {
                ((AutoCloseable) client).close();
            } catch (Exception e) {
                // Closing is best effort; the client's threads are daemons either way.
            }
        }
    }

    @Override
    public String toString() {
        return "JdkTransport[" + (owned ? "owned client" : "supplied client") + (closed.get() ? ", closed" : "") + "]";
    }

    private static HttpRequest toNative(TransportRequest request) {
        HeaderRules.check(request);
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
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
            publisher = publisher(body);
        }
        try {
            return builder.method(request.method(), publisher).build();
        } catch (IllegalArgumentException e) {
            throw new TransportException(request.method(), request.uri(), "invalid request: " + e.getMessage(), e);
        }
    }

    private static BodyPublisher publisher(RequestBody body) {
        OptionalLong length = body.contentLength();
        if (length.isPresent() && length.getAsLong() == 0) {
            return BodyPublishers.noBody(); // sends Content-Length: 0; fromPublisher needs a positive length
        }
        BodyPublisher stream = BodyPublishers.ofInputStream(() -> {
            try {
                return body.openStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return length.isPresent() ? BodyPublishers.fromPublisher(stream, length.getAsLong()) : stream;
    }

    /** Maps what the JDK failed with to the SDK's exception, naming method and URL only. */
    private static Throwable failure(TransportRequest request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TransportException || cause instanceof CancellationException || cause instanceof Error) {
            return cause;
        }
        String method = request.method();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new RequestTimeoutException(method, request.uri(), "connect timed out", cause);
            }
            if (t instanceof HttpTimeoutException) {
                return new RequestTimeoutException(method, request.uri(), "no response within " + request.timeout(), cause);
            }
        }
        String reason = cause instanceof ConnectException ? "connection failed: "
                : cause instanceof IOException || cause instanceof UncheckedIOException ? "I/O error: " : "request failed: ";
        return new TransportException(method, request.uri(), reason + describe(cause), cause);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // close() never throws; a failed close leaves nothing to release.
        }
    }

    /**
     * The future {@link #send} returns and every future derived from it. Cancelling the one
     * returned aborts the exchange; cancelling a derived one does so with {@code cancel(true)}
     * only, as the JDK's own futures do.
     */
    private static final class ExchangeFuture<T> extends CompletableFuture<T> {
        private final CompletableFuture<?> exchange;
        private final boolean returned;

        ExchangeFuture(CompletableFuture<?> exchange, boolean returned) {
            this.exchange = exchange;
            this.returned = returned;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && (returned || mayInterruptIfRunning)) {
                exchange.cancel(true); // the JDK's futures abort the exchange on cancel(true) only
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new ExchangeFuture<>(exchange, false);
        }
    }
}
