package com.sference.transport.jdk;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Makes {@link Transport}s over the JDK's {@link HttpClient}; registered under the name {@code jdk}.
 *
 * <p>Users rarely call this class: the SDK finds it with {@link java.util.ServiceLoader} when
 * {@code sference-transport-jdk} is on the class or module path. It has the lowest
 * {@linkplain #priority() priority} of the SDK's transports, so it is the baseline that any other
 * transport on the path wins over unless {@code jdk} is named.
 *
 * <p>Unless {@link TransportConfig#nativeClient()} holds a client, {@link #create} builds one that
 * speaks HTTP/1.1 only (no cleartext {@code h2c} upgrade, which some servers mishandle), never
 * follows redirects, and uses the configured connect timeout, proxy and executor. The JDK client
 * has no per-client pool size, so {@link TransportConfig#maxConnections()} is not used.
 *
 * <pre>{@code
 * HttpClient mine = HttpClient.newBuilder().sslContext(context).build();
 * try (Transport transport = new JdkTransportProvider().create(
 *         TransportConfig.builder().nativeClient(mine).build())) {
 *     // ... the transport sends through mine, and leaves it open when closed
 * }
 * }</pre>
 *
 * <p>Timeouts. A request's {@code timeout} bounds the wait for the response head once the
 * request, body included, is written: the JDK's own {@code HttpRequest.timeout} is not used,
 * since it runs from the start of the exchange and would cut an upload that takes longer, however
 * steadily the server takes it. A request's {@code readTimeout} bounds each silence after that:
 * a read of the response body that waits longer for the next bytes throws a
 * {@link java.net.SocketTimeoutException}, and an upload the server takes nothing of for that
 * long fails with a {@link com.sference.RequestTimeoutException}; either aborts the exchange and
 * closes its connection. A body source that is slow itself is not timed.
 *
 * <p>Cancelling the future returned by {@link Transport#send}, with {@code cancel(true)} or
 * {@code cancel(false)}, aborts the exchange: on HTTP/1.1 the connection is closed. A future
 * derived from it (with {@code thenApply} and the like) aborts the exchange only when cancelled
 * with {@code cancel(true)}; {@code cancel(false)} on it leaves the exchange running.
 *
 * @since 0.1
 */
public final class JdkTransportProvider implements TransportProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public JdkTransportProvider() {}

    /** {@return {@code jdk}} */
    @Override
    public String name() {
        return JdkTransport.NAME;
    }

    /** {@return 10, the baseline: other transports rank above it} */
    @Override
    public int priority() {
        return 10;
    }

    /**
     * Creates a transport over the {@link HttpClient} in {@code config}, or over a new one built
     * from {@code config}.
     *
     * <p>A client supplied as {@link TransportConfig#nativeClient()} is used as it is: the
     * connect timeout, proxy and executor in {@code config} do not apply to it, and closing the
     * transport does not close it (the exchanges this transport started on it fail). A client
     * built here is shut down with the transport on JDK 21 and later, without waiting for
     * exchanges still open; on JDK 17 its idle connections and thread end once it is no longer
     * reachable.
     *
     * @param config timeouts, proxy, executor and an optional {@code java.net.http.HttpClient}
     * @return a new transport; the caller closes it
     * @throws IllegalArgumentException if the native client is not a {@code java.net.http.HttpClient}
     */
    @Override
    public Transport create(TransportConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.nativeClient().isPresent()) {
            Object supplied = config.nativeClient().get();
            if (!(supplied instanceof HttpClient)) {
                throw new IllegalArgumentException("the jdk transport accepts a native client of type "
                        + HttpClient.class.getName() + ", not " + supplied.getClass().getName());
            }
            return new JdkTransport((HttpClient) supplied, false);
        }
        return new JdkTransport(newClient(config), true);
    }

    private static HttpClient newClient(TransportConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout());
        config.proxy().ifPresent(builder::proxy);
        config.executor().ifPresent(builder::executor);
        return builder.build();
    }

    /** {@return a short description naming the provider} */
    @Override
    public String toString() {
        return "JdkTransportProvider[jdk]";
    }
}
