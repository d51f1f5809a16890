package com.sference.transport.vertx;

import static com.sference.transport.vertx.VertxTransportTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whether each failure may be retried ({@link TransportException#retryable()}), and that its
 * message names the exchange and the root cause. Retryable: the network or the server's state;
 * not retryable: what the request itself or the local state causes.
 */
@Timeout(30)
class FailureClassificationTest {

    private LoopbackServer server;
    private Transport transport;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = new VertxTransportProvider().create(TransportConfig.defaults());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private TransportException failure(TransportRequest request) {
        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().endsWith("(" + request.method() + " " + request.uri() + ")"), e.getMessage());
        return e;
    }

    // ---- retryable

    @Test
    void refusedConnectionIsRetryableNamesTheRootCauseAndCompletesOffTheEventLoop() throws Exception {
        TransportRequest request = TransportRequest.newBuilder("GET", VertxTransportTest.refusedUri("/v1/batches")).build();
        AtomicInteger onEventLoop = new AtomicInteger(-1);
        CompletableFuture<TransportResponse> future = transport.send(request);
        future.whenComplete((r, e) -> onEventLoop.set(Context.isOnEventLoopThread() ? 1 : 0));

        TransportException e = assertInstanceOf(TransportException.class, failureOf(future));

        assertTrue(e.retryable());
        assertFalse(e instanceof RequestTimeoutException);
        assertTrue(e.getMessage().startsWith("connection failed: Connection refused"), e.getMessage());
        assertEquals(0, onEventLoop.get(), "the callback ran on an event loop");
    }

    @Test
    void connectionClosedBeforeAnyResponseByteIsRetryable() {
        server.handle("/drop", LoopbackServer.Exchange::closeConnection);

        TransportException e = failure(TransportRequest.newBuilder("GET", server.uri("/drop")).build());

        assertTrue(e.retryable(), e.getMessage());
        assertFalse(e instanceof RequestTimeoutException);
    }

    @Test
    void responseHeadTimeoutIsRetryable() {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(10)));

        TransportException e = failure(TransportRequest.newBuilder("GET", server.uri("/hold")).timeout(Duration.ofMillis(300)).build());

        assertInstanceOf(RequestTimeoutException.class, e);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().startsWith("no response head within PT0.3S"), e.getMessage());
    }

    // ---- not retryable

    @Test
    void headerValueTheRulesRefuseIsNotRetryableAndNothingIsSent() {
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/echo")).header("X-API-Key", "clé-secrète").build();

        TransportException e = failure(request);

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("x-api-key"), e.getMessage());
        assertFalse(e.getMessage().contains("secr"), "the message shows the value: " + e.getMessage());
        assertEquals(0, server.connections(), "something went out");
    }

    @ParameterizedTest(name = "fails on {0}")
    @ValueSource(strings = {"open", "read"})
    void bodySourceThatFailsIsNotRetryableAndNamesItsCause(String when) {
        RequestBody failing = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), true, () -> {
            if (when.equals("open")) {
                throw new IOException("disk on fire");
            }
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk on fire");
                }
            };
        });

        TransportException e = failure(TransportRequest.newBuilder("POST", server.uri("/echo")).body(failing).build());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("cannot read the request body: disk on fire"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ftp://127.0.0.1:21/file | unsupported URI scheme: ftp",
            "mailto:someone@example.com | unsupported URI scheme: mailto",
            "http:/no/host | invalid request URI: it names no host"})
    void invalidOrUnsupportedUriIsNotRetryable(String uri, String reason) {
        TransportException e = failure(TransportRequest.newBuilder("GET", URI.create(uri)).build());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void schemeIsMatchedWhateverItsCase() throws Exception {
        URI upper = URI.create("HTTP://127.0.0.1:" + server.port() + "/echo");
        try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", upper).build()).get(10, TimeUnit.SECONDS)) {
            assertEquals(200, response.status());
        }
    }

    @Test
    void certificateTheClientDoesNotTrustIsNotRetryable(@TempDir Path directory) throws Exception {
        try (UntrustedTlsServer tls = UntrustedTlsServer.start(directory)) {
            TransportException e = failure(TransportRequest.newBuilder("GET", tls.uri("/v1/batches")).build());

            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS handshake failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("certification path"), "the root cause is missing: " + e.getMessage());
        }
    }
}
