package com.sference.transport.apache;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes {@link Transport}s over Apache HttpClient 5's asynchronous client; registered under the
 * name {@code apache}.
 *
 * <p>Users rarely call this class: the SDK finds it with {@link java.util.ServiceLoader} when
 * {@code sference-transport-apache} is on the class or module path. Its
 * {@linkplain #priority() priority} ranks it above the {@code jdk} transport and below
 * {@code vertx}.
 *
 * <p>Unless {@link TransportConfig#nativeClient()} holds a client, {@link #create} builds and
 * starts one with a pool of {@link TransportConfig#maxConnections()} connections (in total and
 * per route), the configured connect timeout, the configured proxy selector (no proxy without
 * one), TLS as the JVM's {@code javax.net.ssl.*} and {@code https.*} properties say, HTTP/1.1
 * only, response header lines of up to 384 KiB, and no automatic retries, redirects, cookies or
 * content decompression: the SDK's own pipeline retries, and bodies pass through as sent. Its
 * two I/O threads (one on a single-CPU machine) are daemon threads.
 *
 * <pre>{@code
 * CloseableHttpAsyncClient mine = HttpAsyncClients.custom()
 *         .setConnectionManager(myPoolWithTls)
 *         .build();
 * try (Transport transport = new ApacheTransportProvider().create(
 *         TransportConfig.builder().nativeClient(mine).build())) {
 *     // ... the transport sends through mine, and leaves it open when closed
 * }
 * mine.close();
 * }</pre>
 *
 * <p>Cancelling the future returned by {@link Transport#send}, with either argument, aborts the
 * exchange and discards its connection; so does closing a response before its body was read to
 * the end. On a client built here this takes effect at once. HttpClient 5.6.5 can lose the
 * cancellation of an exchange on a pooled connection of a supplied client; such a connection is
 * then closed when anything more arrives for the exchange, or by the client's timeouts, and is
 * never reused half-read.
 *
 * @since 0.1
 */
public final class ApacheTransportProvider implements TransportProvider {

    /** The longest response header line an owned client accepts: 384 KiB, the JDK client's limit for all headers. */
    private static final int MAX_HEADER_LINE = 384 * 1024;

    /** The most response headers an owned client accepts. */
    private static final int MAX_HEADER_COUNT = 1000;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public ApacheTransportProvider() {}

    /** {@return {@code apache}} */
    @Override
    public String name() {
        return ApacheTransport.NAME;
    }

    /** {@return 20: above the {@code jdk} transport (10), below {@code vertx} (30)} */
    @Override
    public int priority() {
        return 20;
    }

    /**
     * Creates a transport over the {@link CloseableHttpAsyncClient} in {@code config}, or over a
     * new one built from {@code config}.
     *
     * <p>A client supplied as {@link TransportConfig#nativeClient()} is used as it is: its pool,
     * proxy, TLS, retry, redirect and timeout settings apply, and the connect timeout, pool size
     * and proxy in {@code config} do not. Its retries come on top of the SDK's own, so build it
     * with {@code disableAutomaticRetries()} unless you want both. A supplied client that was never started is started
     * here (an Apache client cannot send before {@code start()}); closing the transport never
     * closes it, but fails the exchanges the transport started on it.
     * {@link com.sference.transport.TransportRequest#timeout()} and
     * {@link com.sference.transport.TransportRequest#readTimeout()} still apply, through timers of
     * the transport's own. A client built here is closed with the transport, at once.
     *
     * <p>Callbacks, and the reading of request bodies, run on {@link TransportConfig#executor()}
     * when one is set, and otherwise on a pool of daemon threads that the transport owns. An
     * executor that runs tasks in the calling thread puts them on the client's I/O threads,
     * where a stage that blocks, for example on the body, stalls every connection of that thread.
     *
     * @param config timeouts, pool size, proxy, executor and an optional
     *     {@code org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient}
     * @return a new transport; the caller closes it
     * @throws IllegalArgumentException if the native client is not a
     *     {@code CloseableHttpAsyncClient}, or is one that was shut down
     */
    @Override
    public Transport create(TransportConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.nativeClient().isPresent()) {
            Object supplied = config.nativeClient().get();
            if (!(supplied instanceof CloseableHttpAsyncClient)) {
                throw new IllegalArgumentException("the apache transport accepts a native client of type "
                        + CloseableHttpAsyncClient.class.getName() + ", not " + supplied.getClass().getName());
            }
            CloseableHttpAsyncClient client = (CloseableHttpAsyncClient) supplied;
            IOReactorStatus status = client.getStatus();
            if (status == IOReactorStatus.SHUTTING_DOWN || status == IOReactorStatus.SHUT_DOWN) {
                throw new IllegalArgumentException("the supplied " + CloseableHttpAsyncClient.class.getName()
                        + " is shut down");
            }
            client.start(); // does nothing if it runs already
            return new ApacheTransport(client, null, config.executor().orElse(null));
        }
        RequestConfig defaults = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setHardCancellationEnabled(true)
                .setResponseTimeout(Timeout.DISABLED) // the transport's own timers: Apache's would also cut a slow reader
                .build();
        CloseableHttpAsyncClient client = newClient(config, defaults);
        client.start();
        return new ApacheTransport(client, defaults, config.executor().orElse(null));
    }

    private static CloseableHttpAsyncClient newClient(TransportConfig config, RequestConfig defaults) {
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .useSystemProperties() // TLS only: the javax.net.ssl.* and https.* properties, as the JDK client
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
                        .build())
                .setThreadFactory(daemonThreads("sference-apache-io-"))
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(MAX_HEADER_LINE)
                        .setMaxHeaderCount(MAX_HEADER_COUNT)
                        .build())
                .setDefaultRequestConfig(defaults)
                .addExecInterceptorFirst("sference-runtime", ResponseBodyConsumer::recordRuntime)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression();
        config.proxy().ifPresent(builder::setProxySelector);
        return builder.build();
    }

    /** {@return a factory of daemon threads named {@code prefix} and a number} */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@return a short description naming the provider} */
    @Override
    public String toString() {
        return "ApacheTransportProvider[apache]";
    }
}
