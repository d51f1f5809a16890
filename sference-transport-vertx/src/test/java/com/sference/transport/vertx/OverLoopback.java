package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup the module's loopback tests share: a {@link LoopbackServer} and a {@code vertx}
 * transport over it, opened before each test and closed after it, and the calls they make.
 */
abstract class OverLoopback {

    LoopbackServer server;
    Transport transport;

    /** {@return the configuration of each test's transport} The defaults, unless a test class needs others. */
    TransportConfig config() {
        return TransportConfig.defaults();
    }

    @BeforeEach
    final void openServerAndTransport() {
        server = LoopbackServer.start();
        transport = new VertxTransportProvider().create(config());
    }

    @AfterEach
    final void closeTransportAndServer() {
        transport.close();
        server.close();
    }

    /** {@return the response to {@code request} over the test's transport, within 10 s} */
    TransportResponse send(TransportRequest request) throws Exception {
        return transport.send(request).get(10, TimeUnit.SECONDS);
    }

    /** {@return what {@code future} failed with, within 10 s, unwrapped from a {@link CompletionException}} */
    static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
    }

    /** {@return a URI of {@code path} on a loopback port where nothing listens} */
    static URI refusedUri(String path) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
