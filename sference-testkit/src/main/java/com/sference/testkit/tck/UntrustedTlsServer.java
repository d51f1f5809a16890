package com.sference.testkit.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on {@code 127.0.0.1} whose certificate is self-signed, so that no client with a
 * default trust store accepts it. The key is made once per JVM by the running JDK's
 * {@code keytool}; where that tool is missing (a runtime image without it), the case using this
 * server is skipped, since the JDK has no public API to make a certificate.
 */
final class UntrustedTlsServer implements AutoCloseable {

    private static final char[] PASSWORD = "tck-password".toCharArray();
    private static KeyStore keyStore;

    private final HttpsServer server;
    private final AtomicInteger handled = new AtomicInteger();

    private UntrustedTlsServer(HttpsServer server) {
        this.server = server;
    }

    /** {@return a started server}, skipping the case when no key can be made */
    static UntrustedTlsServer start() throws IOException, GeneralSecurityException, InterruptedException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        UntrustedTlsServer tls = new UntrustedTlsServer(server);
        server.createContext("/", exchange -> {
            tls.handled.incrementAndGet();
            byte[] body = "reached".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return tls;
    }

    /** {@return an {@code https} URI of {@code path} on this server} */
    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** {@return how many requests got through the handshake to the handler} */
    int handled() {
        return handled.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static synchronized KeyStore keyStore() throws IOException, GeneralSecurityException, InterruptedException {
        if (keyStore != null) {
            return keyStore;
        }
        String tool = System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", tool);
        assumeTrue(Files.isExecutable(keytool), "no keytool in " + System.getProperty("java.home") + " to make a certificate");
        Path dir = Files.createTempDirectory("sference-tck-tls");
        Path file = dir.resolve("untrusted.p12");
        // The -J options only make the tool's JVM start faster; a JVM that knows none of them ignores them.
        Process process = new ProcessBuilder(keytool.toString(), "-J-XX:+IgnoreUnrecognizedVMOptions",
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-alias", "untrusted",
                "-keyalg", "EC", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool could not make a key pair: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(dir);
        keyStore = store;
        return store;
    }
}
