package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class VertxTransportTest {

    private static final String JSON = "application/json";

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

    private TransportResponse send(TransportRequest request) throws Exception {
        return transport.send(request).get(10, TimeUnit.SECONDS);
    }

    private static String text(TransportResponse response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
    }

    /** Serves {@code path} by reading the body and answering {@code <bytes>:<crc32>}. */
    private void checksumAt(String path) {
        server.handle(path, exchange -> exchange.respond(200,
                (exchange.request().bodySize() + ":" + exchange.request().bodyCrc32()).getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- round trips

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "HEAD"}) // GET, POST, PATCH and DELETE: TransportContractTest
    void sendsMethodPathHeadersAndBody(String method) throws Exception {
        boolean withBody = !method.equals("GET") && !method.equals("DELETE") && !method.equals("HEAD");
        String json = "{\"method\":\"" + method + "\"}";
        TransportRequest.Builder builder = TransportRequest.newBuilder(method, server.uri("/echo/v1/batches/b_1?limit=2"))
                .header("Idempotency-Key", "idem-1")
                .header("User-Agent", "sference-java/test");
        if (withBody) {
            builder.body(RequestBody.ofString(json));
        }

        try (TransportResponse response = send(builder.build())) {
            assertEquals(200, response.status());
            assertEquals(withBody ? json : "", text(response));
        }

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(method, seen.method());
        assertEquals("/echo/v1/batches/b_1", URI.create(seen.target()).getPath());
        assertEquals("limit=2", URI.create(seen.target()).getQuery());
        assertEquals("HTTP/1.1", seen.protocol());
        assertEquals("idem-1", seen.header("idempotency-key").orElse(null));
        assertEquals("sference-java/test", seen.header("user-agent").orElse(null));
        assertEquals(withBody ? JSON : null, seen.header("content-type").orElse(null));
        assertEquals(withBody ? json : "", seen.bodyText());
    }

    @ParameterizedTest(name = "{0} bytes, known length {1}")
    // Around BodyStreams' 32 KiB read; the other sizes are in TransportContractTest.
    @CsvSource({"32768, false", "32769, true"})
    void streamsGeneratedBodiesExactly(long size, boolean knownLength) throws Exception {
        checksumAt("/checksum");
        AtomicInteger opened = new AtomicInteger();
        RequestBody body = RequestBody.ofStream("application/octet-stream",
                knownLength ? OptionalLong.of(size) : OptionalLong.empty(), true, () -> {
                    opened.incrementAndGet();
                    return new GeneratedStream(size);
                });

        try (TransportResponse response = send(TransportRequest.newBuilder("POST", server.uri("/checksum")).body(body).build())) {
            assertEquals(size + ":" + GeneratedStream.crc(size), text(response));
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(knownLength ? String.valueOf(size) : null, seen.header("content-length").orElse(null));
        assertEquals(knownLength ? null : "chunked", seen.header("transfer-encoding").orElse(null));
        assertEquals(1, opened.get());
    }

    @Test
    void neverOpensOrReadsTheBodyOnAnEventLoop() throws Exception {
        checksumAt("/checksum");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger onEventLoop = new AtomicInteger();
        long size = 3L * 1024 * 1024;
        RequestBody body = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), false, () -> {
            threads.add("open:" + Thread.currentThread().getName());
            onEventLoop.addAndGet(Context.isOnEventLoopThread() ? 1 : 0);
            return new GeneratedStream(size) {
                @Override
                public int read(byte[] b, int off, int len) {
                    threads.add("read:" + Thread.currentThread().getName());
                    onEventLoop.addAndGet(Context.isOnEventLoopThread() ? 1 : 0);
                    return super.read(b, off, len);
                }

                @Override
                public void close() {
                    threads.add("close:" + Thread.currentThread().getName());
                    onEventLoop.addAndGet(Context.isOnEventLoopThread() ? 1 : 0);
                }
            };
        });

        try (TransportResponse response = send(TransportRequest.newBuilder("POST", server.uri("/checksum")).body(body).build())) {
            assertEquals(size + ":" + GeneratedStream.crc(size), text(response));
        }
        assertEquals(0, onEventLoop.get(), threads.toString());
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("open:")), threads.toString());
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("close:")), threads.toString());
        assertTrue(threads.stream().noneMatch(t -> t.contains("eventloop")), threads.toString());
    }

    @Test
    void dropsHeadersTheClientWritesItselfAndTakesContentTypeFromBody() throws Exception {
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo"))
                .header("Host", "evil.example")
                .header("Content-Length", "999")
                .header("Connection", "close")
                .header("Transfer-Encoding", "chunked")
                .header("Content-Type", "text/plain")
                .header("X-API-Key", "k")
                .body(RequestBody.ofString("{}"))
                .build();
        send(request).close();

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals("127.0.0.1:" + server.port(), seen.header("host").orElse(null));
        assertEquals("2", seen.header("content-length").orElse(null));
        assertNull(seen.header("transfer-encoding").orElse(null));
        assertEquals(JSON, seen.header("content-type").orElse(null));
        assertEquals("k", seen.header("x-api-key").orElse(null));
        assertEquals("{}", seen.bodyText());
    }

    // ---- responses

    @Test
    void receivesLargeResponseHeadersAndLargeErrorBodies() throws Exception {
        String big = "h".repeat(64 * 1024);
        byte[] error = "e".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        server.handle("/big", exchange -> exchange.respond(500, error, "X-Big", big));
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/big")).build())) {
            assertEquals(500, response.status());
            assertEquals(big, response.header("x-big").orElseThrow());
            assertArrayEquals(error, response.body().readAllBytes());
        }
    }

    @Test
    void pausesTheConnectionWhileTheReaderIsBehind() throws Exception {
        long size = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        server.handle("/huge", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(size));
            byte[] chunk = new byte[64 * 1024];
            while (written.get() < size) {
                exchange.write(chunk);
                written.addAndGet(chunk.length);
            }
        });

        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/huge")).build())) {
            InputStream body = response.body();
            assertEquals(1024, body.readNBytes(1024).length);
            long plateau = -1;
            for (int i = 0; i < 50 && plateau != written.get(); i++) {
                plateau = written.get();
                Thread.sleep(200);
            }
            assertEquals(plateau, written.get(), "the server kept writing although nobody read");
            // Socket buffers on loopback may grow to tens of MiB; the client itself holds a few hundred KiB.
            assertTrue(plateau < 96L * 1024 * 1024, "the client took " + plateau + " bytes ahead of the reader");
            assertTrue(body.available() <= 512 * 1024, "buffered " + body.available());

            assertEquals(4 * 1024 * 1024, body.readNBytes(4 * 1024 * 1024).length);
            Thread.sleep(200);
            assertTrue(written.get() > plateau, "reading resumed the transfer");
        }
    }

    @Test
    void closingResponseTwiceNeverThrows() throws Exception {
        TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());
        response.close();
        response.close();
        assertThrows(IOException.class, () -> response.body().read());
    }

    @Test
    void completesFuturesOffTheEventLoop() throws Exception {
        AtomicInteger onEventLoop = new AtomicInteger(-1);
        try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                .whenComplete((r, e) -> onEventLoop.set(Context.isOnEventLoopThread() ? 1 : 0))
                .get(10, TimeUnit.SECONDS)) {
            assertEquals("", text(response)); // a blocking read in the callback's thread would be fine too
        }
        assertEquals(0, onEventLoop.get());
    }

    // ---- failures

    @Test
    void droppedConnectionFailsWithTransportException() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread dropper = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket connection = listener.accept()) {
                        connection.getInputStream().read(new byte[8192]);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            dropper.setDaemon(true);
            dropper.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/drop");

            TransportException e = assertInstanceOf(TransportException.class,
                    failureOf(transport.send(TransportRequest.newBuilder("GET", uri).build())));
            assertFalse(e instanceof RequestTimeoutException);
            assertTrue(e.getMessage().endsWith("(GET " + uri + ")"), e.getMessage());
        }
    }

    @Test
    void serverClosingMidResponseFailsTheBodyRead() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread half = new Thread(() -> {
                try (Socket connection = listener.accept()) {
                    connection.getInputStream().read(new byte[8192]);
                    connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000))
                            .getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                } catch (IOException e) {
                    // the test fails on its own side
                }
            });
            half.setDaemon(true);
            half.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/half");

            try (TransportResponse response = send(TransportRequest.newBuilder("GET", uri).build())) {
                assertEquals(200, response.status());
                IOException e = assertThrows(IOException.class, () -> response.body().readAllBytes());
                assertTrue(e.getMessage().contains("GET " + uri), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100_000})
    void bodyOfAnotherLengthThanDeclaredFailsWithTransportException(int actual) {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.of(100), true, () -> new ByteArrayInputStream(new byte[actual]));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("declared 100 bytes"), e.getMessage());
    }

    // ---- cancellation

    @ParameterizedTest(name = "{0}.cancel({1})")
    @CsvSource({"returned, true", "returned, false", "derived, true"})
    void cancellingAbortsTheExchange(String which, boolean mayInterrupt) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/hang");
            CompletableFuture<TransportResponse> returned = transport.send(TransportRequest.newBuilder("GET", uri).build());
            CompletableFuture<?> cancelled = which.equals("returned") ? returned : returned.thenApply(TransportResponse::status);
            try (Socket connection = listener.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                assertTrue(in.read(new byte[8192]) > 0, "request arrived");

                assertTrue(cancelled.cancel(mayInterrupt));

                assertTrue(cancelled.isCancelled());
                assertTrue(returned.isCompletedExceptionally());
                try {
                    assertEquals(-1, in.read(), "connection closed by the client");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the exchange was not aborted within 5 s", e);
                } catch (IOException e) {
                    // reset by the client: aborted as well
                }
            }
            assertTrue(returned.isCompletedExceptionally());
        }
    }

    @Test
    void cancellingAStreamingUploadStopsReadingTheBody() throws Exception {
        checksumAt("/checksum");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        RequestBody endless = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), false, () -> new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reading.countDown();
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        });
        CompletableFuture<TransportResponse> upload = transport.send(TransportRequest.newBuilder("POST", server.uri("/checksum"))
                .body(endless).build());
        assertTrue(reading.await(5, TimeUnit.SECONDS));

        assertTrue(upload.cancel(false));

        assertTrue(closed.await(5, TimeUnit.SECONDS), "the body stream was closed");
    }

    // ---- configuration and lifecycle

    @Test
    void sendsThroughConfiguredProxy() throws Exception {
        try (Transport proxied = new VertxTransportProvider().create(TransportConfig.builder()
                .proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())))
                .build())) {
            proxied.send(TransportRequest.newBuilder("GET", URI.create("http://api.sference.invalid/echo/v1/files")).build())
                    .get(10, TimeUnit.SECONDS).close();
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals("api.sference.invalid", seen.header("host").orElse(null));
        assertEquals("/echo/v1/files", URI.create(seen.target()).getPath());
    }

    @Test
    void completesFuturesOnConfiguredExecutor() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> new Thread(r, "configured-executor"));
        try (Transport configured = new VertxTransportProvider().create(TransportConfig.builder()
                .executor(task -> {
                    tasks.incrementAndGet();
                    pool.execute(task);
                })
                .build())) {
            AtomicInteger onExecutor = new AtomicInteger();
            configured.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                    .whenComplete((r, e) -> onExecutor.set(Thread.currentThread().getName().equals("configured-executor") ? 1 : 0))
                    .get(10, TimeUnit.SECONDS).close();
            assertEquals(1, onExecutor.get());
        } finally {
            pool.shutdownNow();
        }
        assertTrue(tasks.get() > 0);
    }

    @Test
    void closeIsIdempotentAndLaterSendsFail() {
        transport.close();
        transport.close();

        Throwable failure = failureOf(transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build()));
        TransportException e = assertInstanceOf(TransportException.class, failure);
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closingFailsCallsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/hang", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            CompletableFuture<TransportResponse> inFlight = transport.send(TransportRequest.newBuilder("GET", server.uri("/hang")).build());
            Thread.sleep(200);
            transport.close();

            assertInstanceOf(TransportException.class, failureOf(inFlight));
        } finally {
            release.countDown();
        }
    }

    static URI refusedUri(String path) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
