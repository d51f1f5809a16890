package com.sference.transport.apache;

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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup the module's loopback tests share: a {@link LoopbackServer} and an {@code apache}
 * transport with the default configuration over it, opened before each test and closed after it,
 * and the calls they make.
 */
abstract class OverLoopback {

    LoopbackServer server;
    Transport transport;

    @BeforeEach
    final void openServerAndTransport() {
        server = LoopbackServer.start();
        transport = new ApacheTransportProvider().create(TransportConfig.defaults());
    }

    @AfterEach
    final void closeTransportAndServer() {
        transport.close();
        server.close();
    }

    /** {@return the response to {@code request} over the test's transport, within 10 s} */
    TransportResponse send(TransportRequest request) throws Exception {
        return send(transport, request);
    }

    /** {@return the response to {@code request} over {@code transport}, within 10 s} */
    static TransportResponse send(Transport transport, TransportRequest request) throws Exception {
        return transport.send(request).get(10, TimeUnit.SECONDS);
    }

    /** {@return the body of {@code response}, read in full, as UTF-8} */
    static String text(TransportResponse response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
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
