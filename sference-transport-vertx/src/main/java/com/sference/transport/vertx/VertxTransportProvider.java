package com.sference.transport.vertx;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import java.util.Objects;

/**
 * Makes {@link Transport}s over Vert.x 5 ({@code io.vertx:vertx-web-client}); registered under the
 * name {@code vertx}.
 *
 * <p>Users rarely call this class: the SDK finds it with {@link java.util.ServiceLoader} when
 * {@code sference-transport-vertx} is on the class or module path. Its {@linkplain #priority()
 * priority} ranks it above the JDK and Apache transports, since an application that adds this
 * artifact already runs Vert.x and wants its calls on the same event loops.
 *
 * <p>What {@link TransportConfig#nativeClient()} may hold:
 * <ul>
 *   <li>nothing: the transport owns a new {@link Vertx} whose threads are daemons (so a transport
 *       left open does not keep the JVM alive) and an HTTP client on it; closing the transport
 *       closes both;
 *   <li>a {@link Vertx}: the transport creates an HTTP client on it, so no second event-loop group
 *       is started; closing the transport closes that client and leaves the {@code Vertx} running;
 *   <li>a {@link WebClient}: the transport sends through it as it is configured (its pool, proxy,
 *       TLS and default headers) and never closes it; redirects are still not followed, since the
 *       Web Client applies each request's own setting. The Web Client hands over a response only
 *       once its whole body has arrived, so with one response bodies are held in memory, the
 *       request timeout is the Web Client's own (no byte received for that long, the response body
 *       included, while the read timeout bounds only an upload the server stops taking), and cancelling
 *       cannot stop a request whose body has been sent. Hand over the {@code Vertx} instead to
 *       stream large downloads.
 * </ul>
 *
 * <p>An HTTP client created here speaks HTTP/1.1, pools up to
 * {@link TransportConfig#maxConnections()} connections, never follows redirects, and uses the
 * configured connect timeout. A {@link TransportConfig#proxy()} selector is asked once per
 * request and the first proxy it lists is used ({@code HTTP} proxies as HTTP proxies, {@code
 * SOCKS} ones as SOCKS5); a {@code DIRECT} answer or an empty list means no proxy. Futures
 * returned by {@link Transport#send} complete on {@link TransportConfig#executor()} when one is
 * set, and on a Vert.x worker thread otherwise, never on an event loop, so callbacks may block.
 * Request bodies are read on Vert.x worker threads too. On an event loop, use {@link
 * Transport#send}: {@link Transport#execute} throws {@link IllegalStateException} there rather
 * than block it, and reading a response body there throws {@link java.io.IOException} when no
 * data is buffered yet.
 *
 * <p>Over a {@code Vertx}, {@link com.sference.transport.TransportRequest#timeout()} bounds the
 * wait for the response head, counted from the send (a wait for a pooled connection, the
 * connect and the upload included), and {@link com.sference.transport.TransportRequest#readTimeout()}
 * every silence after that: a reader of the body waits that long at most for its next byte and
 * then gets a {@link java.net.SocketTimeoutException}, and an upload that the server takes no
 * bytes of for that long fails with a {@link com.sference.RequestTimeoutException}; either way
 * the connection is closed, never reused.
 *
 * <pre>{@code
 * Vertx vertx = ...; // the application's own
 * try (Transport transport = new VertxTransportProvider().create(
 *         TransportConfig.builder().nativeClient(vertx).build())) {
 *     // ... requests run on vertx's event loops; vertx stays open after the transport closes
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class VertxTransportProvider implements TransportProvider {

    /** The largest response head accepted, in bytes: headers of a few hundred KiB are legal. */
    private static final int MAX_HEADER_SIZE = 512 * 1024;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public VertxTransportProvider() {}

    /** {@return {@code vertx}} */
    @Override
    public String name() {
        return VertxTransport.NAME;
    }

    /** {@return 30, above the Apache (20) and JDK (10) transports} */
    @Override
    public int priority() {
        return 30;
    }

    /**
     * Creates a transport over the {@link Vertx} or {@link WebClient} in {@code config}, or over a
     * new {@code Vertx} with daemon threads.
     *
     * <p>For a supplied {@code WebClient}, the connect timeout, pool size and proxy of
     * {@code config} do not apply: the client's own settings do.
     *
     * @param config timeouts, pool size, proxy, executor and an optional {@code io.vertx.core.Vertx}
     *     or {@code io.vertx.ext.web.client.WebClient}
     * @return a new transport; the caller closes it
     * @throws IllegalArgumentException if the native client is of another type
     */
    @Override
    public Transport create(TransportConfig config) {
        Objects.requireNonNull(config, "config");
        Object supplied = config.nativeClient().orElse(null);
        if (supplied == null) {
            Vertx owned = Vertx.vertx(new VertxOptions().setUseDaemonThread(true));
            try {
                return new VertxTransport(owned, newClient(owned, config), true, config);
            } catch (RuntimeException e) {
                owned.close();
                throw e;
            }
        }
        if (supplied instanceof Vertx) {
            Vertx vertx = (Vertx) supplied;
            return new VertxTransport(vertx, newClient(vertx, config), false, config);
        }
        if (supplied instanceof WebClient) {
            return new VertxTransport((WebClient) supplied, config);
        }
        throw new IllegalArgumentException("the vertx transport accepts a native client of type "
                + Vertx.class.getName() + " or " + WebClient.class.getName() + ", not " + supplied.getClass().getName());
    }

    private static HttpClient newClient(Vertx vertx, TransportConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) Exchange.millis(config.connectTimeout()))
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxInitialLineLength(64 * 1024)
                .setName("sference");
        return vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(config.maxConnections()))
                .build();
    }

    /** {@return a short description naming the provider} */
    @Override
    public String toString() {
        return "VertxTransportProvider[vertx]";
    }
}
