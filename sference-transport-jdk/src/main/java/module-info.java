/**
 * The sference {@link com.sference.transport.Transport} over the JDK's {@code java.net.http.HttpClient}.
 *
 * <p>The module reads no system properties of its own; the {@code jdk.httpclient.*} properties
 * of the JDK's client (for example {@code jdk.httpclient.keepalive.timeout}) apply as usual.
 *
 * @provides com.sference.transport.TransportProvider the {@code jdk} transport
 * @since 0.1
 */
module com.sference.transport.jdk {
    requires com.sference;
    requires java.net.http;

    exports com.sference.transport.jdk;

    provides com.sference.transport.TransportProvider with com.sference.transport.jdk.JdkTransportProvider;
}
