package com.sference.transport.vertx;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on {@code 127.0.0.1} whose certificate is self-signed, so no default trust store
 * accepts it: the client's handshake fails. The key pair is made by the running JDK's
 * {@code keytool}, since the JDK has no public API to issue a certificate.
 */
final class UntrustedTlsServer implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final ServerSocket listener;
    private final Thread acceptor;

    private UntrustedTlsServer(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = new Thread(this::serve, "untrusted-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server whose key store is written under {@code directory}. */
    static UntrustedTlsServer start(Path directory) throws Exception {
        Path store = directory.resolve("self-signed.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(store)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return new UntrustedTlsServer(tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** {@return the {@code https} URI of {@code path} on this server} */
    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + listener.getLocalPort() + path);
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                ((SSLSocket) socket).startHandshake(); // the client refuses the certificate
                socket.getOutputStream().write(String.join("\r\n", List.of("HTTP/1.1 200 OK", "Content-Length: 0", "", ""))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // The expected end: the client aborted the handshake, or the server was closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
