/**
 * The sference {@link com.sference.transport.Transport} over Apache HttpClient 5's asynchronous
 * client ({@code org.apache.httpcomponents.client5:httpclient5}).
 *
 * <p>The module reads no system properties of its own. A client it builds takes its TLS settings
 * from the JVM's standard properties ({@code javax.net.ssl.*}, {@code https.protocols},
 * {@code https.cipherSuites}) and its proxy from the configuration only; a client the user
 * supplies keeps whatever it was built with (for example {@code HttpAsyncClients.createSystem()}).
 * HttpClient logs through SLF4J: this module brings {@code slf4j-api} 2.x along (in place of the
 * 1.7 that HttpClient asks for), and the application adds an SLF4J 2 binding if it wants that
 * log; without one, SLF4J prints a one-time notice to standard error and discards the log.
 *
 * <p>HttpClient 5 and HttpCore 5 are automatic modules, which cannot say what they need, so this
 * module requires it for them: {@code jdk.net} (HttpCore sets TCP keep-alive options through
 * {@code jdk.net.Sockets} and {@code jdk.net.ExtendedSocketOptions} on every connection) and
 * {@code org.slf4j} (an explicit module from SLF4J 2, which nothing else would resolve). The
 * Kerberos and SPNEGO schemes of HttpClient also need {@code java.security.jgss}; a client built
 * here does not register them, and a supplied client that does needs
 * {@code --add-modules java.security.jgss}.
 *
 * @provides com.sference.transport.TransportProvider the {@code apache} transport
 * @since 0.1
 */
module com.sference.transport.apache {
    requires com.sference;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
    requires org.slf4j;
    requires jdk.net;

    exports com.sference.transport.apache;

    provides com.sference.transport.TransportProvider with com.sference.transport.apache.ApacheTransportProvider;
}
