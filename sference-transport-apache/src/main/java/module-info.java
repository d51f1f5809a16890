/**
 * The sference {@link com.sference.transport.Transport} over Apache HttpClient 5's asynchronous
 * client ({@code org.apache.httpcomponents.client5:httpclient5}).
 *
 * <p>The module reads no system properties of its own. A client it builds takes its TLS settings
 * from the JVM's standard properties ({@code javax.net.ssl.*}, {@code https.protocols},
 * {@code https.cipherSuites}) and its proxy from the configuration only; a client the user
 * supplies keeps whatever it was built with (for example {@code HttpAsyncClients.createSystem()}).
 * HttpClient logs through SLF4J, which this module brings along as {@code slf4j-api}.
 *
 * @provides com.sference.transport.TransportProvider the {@code apache} transport
 * @since 0.1
 */
module com.sference.transport.apache {
    requires com.sference;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;

    exports com.sference.transport.apache;

    provides com.sference.transport.TransportProvider with com.sference.transport.apache.ApacheTransportProvider;
}
