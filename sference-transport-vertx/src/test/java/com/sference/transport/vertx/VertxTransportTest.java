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
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the {@code vertx} transport has; the behaviour every transport shares is checked by
 * {@link com.sference.testkit.tck.TransportContractTest}, which {@link VertxTransportContractTest} runs.
 */
@Timeout(30)
class VertxTransportTest extends OverLoopback {

    private static final String JSON = "application/json";

    private static String text(TransportResponse response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
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

    @Test
    void completesFailedFuturesOffTheEventLoop() throws Exception {
        AtomicInteger onEventLoop = new AtomicInteger(-1);
        CompletableFuture<TransportResponse> refused = transport.send(TransportRequest.newBuilder("GET", refusedUri("/v1/batches")).build())
                .whenComplete((r, e) -> onEventLoop.set(Context.isOnEventLoopThread() ? 1 : 0));

        assertInstanceOf(TransportException.class, failureOf(refused));
        assertEquals(0, onEventLoop.get(), "the callback ran on an event loop");
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

    /** Beyond the contract's {@code ftp} scheme and port out of range: URIs this transport takes apart itself. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mailto:someone@example.com | unsupported URI scheme: mailto",
            "http:/no/host | invalid request URI: it names no host"})
    void refusesAnOpaqueOrHostlessUriWithoutRetry(String uri, String reason) {
        TransportException e = assertInstanceOf(TransportException.class,
                failureOf(transport.send(TransportRequest.newBuilder("GET", URI.create(uri)).build())));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void matchesTheSchemeWhateverItsCase() throws Exception {
        URI upper = URI.create("HTTP://127.0.0.1:" + server.port() + "/echo");
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", upper).build())) {
            assertEquals(200, response.status());
        }
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
        EndlessBody endless = new EndlessBody();
        CompletableFuture<TransportResponse> upload = transport.send(TransportRequest.newBuilder("POST", server.uri("/checksum"))
                .body(endless.body).build());
        assertTrue(endless.reading.await(5, TimeUnit.SECONDS));

        assertTrue(upload.cancel(false));

        assertTrue(endless.closed.await(5, TimeUnit.SECONDS), "the body stream was closed");
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

    /** Beyond the contract, which reads an open body only after close: a reader already blocked on it is woken too. */
    @Test
    void closeFailsAReaderBlockedOnABody() throws Exception {
        server.handle("/half", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.write("hello".getBytes(StandardCharsets.US_ASCII));
            exchange.holdUntilClientCloses(Duration.ofSeconds(30));
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/half")).build())) {
            InputStream body = response.body();
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), body.readNBytes(5));
            CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.read(); // blocks: the server sends nothing more
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(200); // the reader waits

            transport.close();

            Object read = reader.get(5, TimeUnit.SECONDS);
            IOException e = assertInstanceOf(IOException.class, read, "the reader got " + read);
            assertTrue(e.getMessage().contains("the vertx transport is closed"), e.getMessage());
        }
    }
}
