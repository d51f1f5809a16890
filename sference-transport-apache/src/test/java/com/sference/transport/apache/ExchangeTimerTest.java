package com.sference.transport.apache;

import static com.sference.transport.apache.ApacheTransportTest.failureOf;
import static com.sference.transport.apache.ApacheTransportTest.send;
import static com.sference.transport.apache.ApacheTransportTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The head deadline and the upload watch of an exchange, over loopback. */
class ExchangeTimerTest {

    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private LoopbackServer server;
    private Transport transport;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = new ApacheTransportProvider().create(TransportConfig.defaults());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    /** {@return a body of {@code chunks} 1 KiB chunks, each after {@code pause}, of unknown length} */
    private static RequestBody trickle(int chunks, Duration pause) {
        return RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), true, () -> new InputStream() {
            private int left = chunks;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                left--;
                int n = Math.min(len, 1024);
                Arrays.fill(b, off, off + n, (byte) 'x');
                return n;
            }
        });
    }

    /** {@return a body of 1 GiB of zeros, far more than any socket buffer holds} */
    private static RequestBody endless() {
        return RequestBody.ofStream("application/octet-stream", OptionalLong.of(1L << 30), true, () -> new InputStream() {
            private long left = 1L << 30;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        });
    }

    @Test
    void anUploadTheServerStopsReadingFailsWithRequestTimeoutWithinTheReadTimeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
            Thread deaf = new Thread(() -> { // accepts, then reads nothing until the client gives up
                try (Socket connection = listener.accept()) {
                    connection.setReceiveBufferSize(64 * 1024);
                    Thread.sleep(3_000);
                    connection.setSoTimeout(5_000);
                    InputStream in = connection.getInputStream();
                    byte[] sink = new byte[64 * 1024];
                    while (in.read(sink) >= 0) {
                        // drain what the client wrote before it closed
                    }
                    clientClosed.complete(true);
                } catch (IOException e) {
                    clientClosed.complete(!(e instanceof SocketTimeoutException)); // a reset is a close
                } catch (InterruptedException e) {
                    clientClosed.complete(false);
                }
            });
            deaf.setDaemon(true);
            deaf.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/upload");
            TransportRequest request = TransportRequest.newBuilder("POST", uri).body(endless())
                    .timeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(1)).build();

            long start = System.nanoTime();
            RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
            long waited = System.nanoTime() - start;

            assertTrue(waited >= TimeUnit.SECONDS.toNanos(1), "gave up after " + waited + " ns");
            assertTrue(waited < TimeUnit.SECONDS.toNanos(1) + MARGIN_NANOS, "gave up after " + waited + " ns");
            assertTrue(e.getMessage().startsWith("the server took no request body data for PT1S"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(POST " + uri + ")"), e.getMessage());
            assertTrue(e.retryable());
            assertTrue(clientClosed.get(15, TimeUnit.SECONDS), "the client closed the connection");
        }
    }

    @Test
    void anUploadLongerThanTheHeadTimeoutGoesThroughWhileItKeepsMoving() throws Exception {
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(trickle(12, Duration.ofMillis(100)))
                .timeout(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(5)).build();

        long start = System.nanoTime();
        try (TransportResponse response = send(transport, request)) {
            assertEquals(200, response.status());
            text(response);
        }
        assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1_000), "the upload outlasted the head timeout");
        assertEquals(12 * 1024, server.takeRequest().bodySize());
    }

    @Test
    void theHeadTimeoutRunsAgainOnceTheBodyHasGoneOut() throws Exception {
        server.handle("/slow", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(10)));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/slow"))
                .body(trickle(6, Duration.ofMillis(100)))
                .timeout(Duration.ofMillis(400)).build();

        long start = System.nanoTime();
        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
        long waited = System.nanoTime() - start;

        assertTrue(e.getMessage().startsWith("no response within PT0.4S"), e.getMessage());
        assertTrue(e.retryable());
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(600 + 400), "the upload, then the wait for the head: " + waited);
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(1_000) + MARGIN_NANOS, "gave up after " + waited + " ns");
        assertEquals(6 * 1024, server.takeRequest().bodySize());
    }
}
