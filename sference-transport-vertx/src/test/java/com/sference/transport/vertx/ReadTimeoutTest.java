package com.sference.transport.vertx;

import static com.sference.transport.vertx.VertxTransportTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TransportRequest#readTimeout()} over this transport: a reader waiting for the next byte
 * of a response body, and an upload the server stops taking, end within the read timeout (plus a
 * generous margin), while a body that keeps coming, however slowly, is never cut.
 */
@Timeout(60)
class ReadTimeoutTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final long MARGIN_MILLIS = 2_000;

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

    private TransportRequest get(String path) {
        return TransportRequest.newBuilder("GET", server.uri(path)).readTimeout(READ_TIMEOUT).build();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Asserts that {@code e} is the read timeout of {@code request}, after about the read timeout. */
    private static void assertReadTimeout(IOException e, TransportRequest request, long millis) {
        assertInstanceOf(InterruptedIOException.class, e);
        assertTrue(e.getMessage().contains("no response data for " + READ_TIMEOUT), e.getMessage());
        assertTrue(e.getMessage().contains(request.method() + " " + request.uri()), e.getMessage());
        assertTrue(millis >= READ_TIMEOUT.toMillis() - 100, "timed out after " + millis + " ms, before the read timeout");
        assertTrue(millis < READ_TIMEOUT.toMillis() + MARGIN_MILLIS, "timed out after " + millis + " ms");
    }

    @Test
    void readerOfABodyThatNeverStartsTimesOutAndTheConnectionIsClosed() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(20));
        });
        TransportRequest request = get("/stall");

        try (TransportResponse response = transport.send(request).get(10, TimeUnit.SECONDS)) {
            assertEquals(200, response.status());
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> response.body().read());
            assertReadTimeout(e, request, millisSince(start));
            assertThrows(SocketTimeoutException.class, () -> response.body().read(), "a later read fails the same way");
        }
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), Duration.ofSeconds(10)),
                "the timed-out connection stayed open");
    }

    @Test
    void readerOfABodyThatStallsMidwayGetsTheBytesSentThenTimesOut() throws Exception {
        server.handle("/half", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.write("hello".getBytes(StandardCharsets.US_ASCII));
            exchange.holdUntilClientCloses(Duration.ofSeconds(20));
        });
        TransportRequest request = get("/half");

        try (TransportResponse response = transport.send(request).get(10, TimeUnit.SECONDS)) {
            InputStream body = response.body();
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), body.readNBytes(5));
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, body::read);
            assertReadTimeout(e, request, millisSince(start));
        }
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), Duration.ofSeconds(10)),
                "the timed-out connection stayed open");
    }

    @Test
    void bodyThatKeepsComingSlowerThanBothTimeoutsIsReadInFull() throws Exception {
        int pieces = 6;
        server.handle("/slow", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(pieces * 3));
            for (int i = 0; i < pieces; i++) {
                Thread.sleep(400);
                exchange.write(("p" + i + ",").getBytes(StandardCharsets.US_ASCII));
            }
        });
        // The whole body takes 2.4 s, longer than the read timeout and the head timeout; no gap reaches either.
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/slow"))
                .timeout(READ_TIMEOUT).readTimeout(READ_TIMEOUT).build();

        long start = System.nanoTime();
        try (TransportResponse response = transport.send(request).get(10, TimeUnit.SECONDS)) {
            assertEquals("p0,p1,p2,p3,p4,p5,", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertTrue(millisSince(start) >= 2_000, "the body came faster than planned: the case proves nothing");
    }

    @Test
    void readerThatIsSlowerThanTheReadTimeoutLosesNothing() throws Exception {
        byte[] bytes = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        server.handle("/quick", exchange -> exchange.respond(200, bytes));

        try (TransportResponse response = transport.send(get("/quick")).get(10, TimeUnit.SECONDS)) {
            Thread.sleep(READ_TIMEOUT.toMillis() + 500); // the body is buffered: the server was never silent while we waited
            assertArrayEquals(bytes, response.body().readAllBytes());
        }
    }

    /**
     * A server that reads the request head and never a byte of its body: the write queue fills,
     * and after the read timeout the call fails with {@link RequestTimeoutException}, the body
     * source is closed and so is the connection.
     */
    @Test
    void uploadTheServerStopsTakingFailsWithRequestTimeout() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        RequestBody endless = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), false, () -> new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        });
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket socket = listener.accept();
                    readHead(socket.getInputStream());
                    return socket; // and read nothing more
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/upload");
            TransportRequest request = TransportRequest.newBuilder("POST", uri).body(endless)
                    .timeout(Duration.ofSeconds(30)).readTimeout(READ_TIMEOUT).build();

            long start = System.nanoTime();
            RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
            long millis = millisSince(start);

            assertTrue(e.retryable());
            assertTrue(e.getMessage().contains("request body") && e.getMessage().contains(READ_TIMEOUT.toString()), e.getMessage());
            assertTrue(e.getMessage().endsWith("(POST " + uri + ")"), e.getMessage());
            // The socket buffers fill first (a few MiB on loopback), then the write queue stalls for the read timeout.
            assertTrue(millis < READ_TIMEOUT.toMillis() + 2 * MARGIN_MILLIS, "timed out after " + millis + " ms");
            assertTrue(closed.await(5, TimeUnit.SECONDS), "the body source was closed");
            try (Socket socket = accepted.get(5, TimeUnit.SECONDS)) {
                assertTrue(closedByClient(socket), "the stalled connection stayed open");
            }
        }
    }

    /** Reads up to and including the empty line that ends a request head. */
    static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the client closed before the end of the head");
            }
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
        }
    }

    /** {@return whether the client closed {@code socket}}: reads what is left until the end or a reset, 10 s at most */
    static boolean closedByClient(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        byte[] sink = new byte[64 * 1024];
        try {
            while (socket.getInputStream().read(sink) >= 0) {
                // Drain what the client sent before it gave up.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
