package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import java.util.zip.CRC32;
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
        server.handle(path, exchange -> {
            CRC32 crc = new CRC32();
            long count = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; count += n) {
                    crc.update(buffer, 0, n);
                }
            }
            server.record(exchange, new byte[0]);
            LoopbackServer.respond(exchange, 200, (count + ":" + crc.getValue()).getBytes(StandardCharsets.US_ASCII));
        });
    }

    // ---- round trips

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD"})
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

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals(method, seen.method());
        assertEquals("/echo/v1/batches/b_1", seen.uri().getPath());
        assertEquals("limit=2", seen.uri().getQuery());
        assertEquals("HTTP/1.1", seen.protocol());
        assertEquals("idem-1", seen.header("idempotency-key"));
        assertEquals("sference-java/test", seen.header("user-agent"));
        assertEquals(withBody ? JSON : null, seen.header("content-type"));
        assertEquals(withBody ? json : "", seen.bodyText());
    }

    @Test
    void sendsKnownLengthBodyWithContentLength() throws Exception {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        RequestBody body = RequestBody.ofStream("text/plain", OptionalLong.of(10), true, () -> new ByteArrayInputStream(bytes));
        send(TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build()).close();

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("10", seen.header("content-length"));
        assertNull(seen.header("transfer-encoding"));
        assertEquals("text/plain", seen.header("content-type"));
        assertArrayEquals(bytes, seen.body());
    }

    @Test
    void sendsUnknownLengthBodyChunked() throws Exception {
        byte[] bytes = "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8);
        RequestBody body = RequestBody.ofStream("application/jsonl", OptionalLong.empty(), false, () -> new ByteArrayInputStream(bytes));
        send(TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build()).close();

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("chunked", seen.header("transfer-encoding"));
        assertNull(seen.header("content-length"));
        assertArrayEquals(bytes, seen.body());
    }

    @Test
    void sendsEmptyKnownLengthBodyWithContentLengthZero() throws Exception {
        send(TransportRequest.newBuilder("POST", server.uri("/echo")).body(RequestBody.ofBytes(new byte[0], JSON)).build()).close();

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("0", seen.header("content-length"));
        assertEquals(JSON, seen.header("content-type"));
        assertEquals(0, seen.body().length);
    }

    @Test
    void sendsEmptyUnknownLengthBodyChunked() throws Exception {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.empty(), true, InputStream::nullInputStream);
        send(TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build()).close();

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("chunked", seen.header("transfer-encoding"));
        assertEquals(0, seen.body().length);
    }

    @ParameterizedTest(name = "{0} bytes, known length {1}")
    @CsvSource({"1, true", "1, false", "8191, true", "8192, false", "8193, true", "32768, false", "32769, true",
            "10485773, true", "10485773, false"})
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
        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals(knownLength ? String.valueOf(size) : null, seen.header("content-length"));
        assertEquals(knownLength ? null : "chunked", seen.header("transfer-encoding"));
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
    void sendsAndReceivesUtf8Bodies() throws Exception {
        String json = "{\"text\":\"héllo wörld ✓ 日本語 🚀\"}";
        try (TransportResponse response = send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(RequestBody.ofString(json, "application/json; charset=utf-8")).build())) {
            assertEquals(json, text(response));
            assertEquals("application/json; charset=utf-8", response.header("content-type").orElseThrow());
        }
        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals(json, seen.bodyText());
        assertEquals(json.getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(seen.header("content-length")));
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

        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("127.0.0.1:" + server.address().getPort(), seen.header("host"));
        assertEquals("2", seen.header("content-length"));
        assertNull(seen.header("transfer-encoding"));
        assertEquals(JSON, seen.header("content-type"));
        assertEquals("k", seen.header("x-api-key"));
        assertEquals("{}", seen.bodyText());
    }

    @Test
    void sendsLargeRequestHeaders() throws Exception {
        String big = "v".repeat(16 * 1024);
        send(TransportRequest.newBuilder("GET", server.uri("/echo")).header("X-Big", big).build()).close();

        assertEquals(big, server.takeRequest().header("x-big"));
    }

    // ---- responses

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 400, 404, 429, 500, 503})
    void returnsEveryStatusAsResponse(int status) throws Exception {
        try (TransportResponse response = send(TransportRequest.newBuilder("POST", server.uri("/echo?status=" + status))
                .body(RequestBody.ofString("{\"x\":1}")).build())) {
            assertEquals(status, response.status());
            assertEquals(status == 204 ? "" : "{\"x\":1}", text(response));
        }
    }

    @Test
    void lowerCasesResponseHeadersAndKeepsEveryValue() throws Exception {
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(List.of("req_1"), response.headers().get("x-request-id"));
            assertEquals(List.of("a", "b"), response.headers().get("x-multi"));
            assertEquals("req_1", response.header("X-REQUEST-ID").orElseThrow());
            assertTrue(response.headers().keySet().stream().allMatch(name -> name.equals(name.toLowerCase())));
            assertThrows(UnsupportedOperationException.class, () -> response.headers().put("x", List.of()));
        }
    }

    @Test
    void readsResponseHeaderBytesAsLatin1LikeTheJdkClient() throws Exception {
        server.handle("/latin1", exchange -> {
            exchange.getResponseHeaders().add("X-Name", "Zoë");
            LoopbackServer.respond(exchange, 200, new byte[0]);
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/latin1")).build())) {
            assertEquals("Zoë", response.header("x-name").orElseThrow());
        }
    }

    @Test
    void receivesLargeResponseHeadersAndLargeErrorBodies() throws Exception {
        String big = "h".repeat(64 * 1024);
        byte[] error = "e".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        server.handle("/big", exchange -> {
            exchange.getResponseHeaders().add("X-Big", big);
            LoopbackServer.respond(exchange, 500, error);
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/big")).build())) {
            assertEquals(500, response.status());
            assertEquals(big, response.header("x-big").orElseThrow());
            assertArrayEquals(error, response.body().readAllBytes());
        }
    }

    @Test
    void streamsResponseBodyBeforeServerHasWrittenIt() throws Exception {
        CountDownLatch firstPartRead = new CountDownLatch(1);
        server.handle("/stream", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                boolean released = firstPartRead.await(5, TimeUnit.SECONDS);
                out.write((released ? "second\n" : "server gave up waiting\n").getBytes(StandardCharsets.US_ASCII));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/stream")).build())) {
            InputStream body = response.body();
            assertEquals("first\n", new String(body.readNBytes(6), StandardCharsets.US_ASCII));
            firstPartRead.countDown();
            assertEquals("second\n", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void pausesTheConnectionWhileTheReaderIsBehind() throws Exception {
        long size = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        server.handle("/huge", exchange -> {
            exchange.sendResponseHeaders(200, size);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < size) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
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
    void reusesTheConnectionAfterABodyReadToItsEnd() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                text(response);
            }
        }
        int port = server.takeRequest().clientPort();
        assertEquals(port, server.takeRequest().clientPort());
        assertEquals(port, server.takeRequest().clientPort());
    }

    @Test
    void neverReusesAConnectionWhoseResponseWasClosedEarly() throws Exception {
        byte[] large = new byte[4 * 1024 * 1024];
        server.handle("/large", exchange -> {
            server.record(exchange, new byte[0]);
            LoopbackServer.respond(exchange, 200, large);
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/large")).build())) {
            assertEquals(10, response.body().readNBytes(10).length);
        }
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, response.status());
            text(response);
        }
        assertNotEquals(server.takeRequest().clientPort(), server.takeRequest().clientPort());
    }

    @Test
    void closingResponseTwiceNeverThrows() throws Exception {
        TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());
        response.close();
        response.close();
        assertThrows(IOException.class, () -> response.body().read());
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        server.handle("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/echo");
            LoopbackServer.respond(exchange, 302, new byte[0]);
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/redirect")).build())) {
            assertEquals(302, response.status());
            assertEquals("/echo", response.header("location").orElseThrow());
        }
    }

    @Test
    void sixtyFourConcurrentCallsAllSucceed() throws Exception {
        List<CompletableFuture<TransportResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(transport.send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                    .body(RequestBody.ofString("{\"i\":" + i + "}")).build()));
        }
        for (int i = 0; i < 64; i++) {
            try (TransportResponse response = calls.get(i).get(10, TimeUnit.SECONDS)) {
                assertEquals("{\"i\":" + i + "}", text(response));
            }
        }
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
    void connectionRefusedFailsWithTransportExceptionNamingMethodAndUrl() throws Exception {
        URI uri = refusedUri("/v1/batches");
        TransportRequest request = TransportRequest.newBuilder("POST", uri)
                .header("Authorization", "Bearer sk-secret").body(RequestBody.ofString("{}")).build();

        Throwable failure = failureOf(transport.send(request));

        TransportException e = assertInstanceOf(TransportException.class, failure);
        assertFalse(e instanceof RequestTimeoutException);
        assertTrue(e.getMessage().contains("POST " + uri), e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
        assertEquals("POST", e.method());
        assertEquals(uri, e.uri());
        assertInstanceOf(IOException.class, e.getCause());
    }

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

    @Test
    void slowResponseFailsWithRequestTimeoutException() {
        CountDownLatch never = new CountDownLatch(1);
        server.handle("/slow", exchange -> {
            try {
                never.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/slow")).timeout(Duration.ofMillis(300)).build();

        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("GET " + request.uri()), e.getMessage());
        never.countDown();
    }

    @Test
    void connectTimeoutFailsWithRequestTimeoutException() throws Exception {
        // A listener whose backlog is full and never accepts: the kernel drops further SYNs.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Transport quick = new VertxTransportProvider().create(
                        TransportConfig.builder().connectTimeout(Duration.ofMillis(300)).build())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(listener.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (SocketTimeoutException e) {
                        filler.close();
                        break; // the backlog is full
                    }
                }
                URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/x");
                Throwable failure = failureOf(quick.send(TransportRequest.newBuilder("GET", uri).timeout(Duration.ofSeconds(5)).build()));

                RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure);
                assertTrue(e.getMessage().startsWith("connect timed out"), e.getMessage());
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void failingBodyStreamFailsWithTransportException() {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.empty(), true, () -> new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("disk gone");
                }
                return 'x';
            }
        });
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
        assertTrue(e.getMessage().contains("POST " + request.uri()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100_000})
    void bodyOfAnotherLengthThanDeclaredFailsWithTransportException(int actual) {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.of(100), true, () -> new ByteArrayInputStream(new byte[actual]));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("declared 100 bytes"), e.getMessage());
    }

    @Test
    void nonReplayableBodyIsOpenedOnce() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.empty(), false, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream("{}".getBytes(StandardCharsets.US_ASCII));
        });
        send(TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build()).close();

        assertEquals(1, opened.get());
        assertEquals("{}", server.takeRequest().bodyText());
    }

    @Test
    void invalidHeaderValueFailsWithoutRevealingIt() {
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/echo"))
                .header("Authorization", "Bearer sk-secret\r\nX-Injected: 1").build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("authorization"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("sk-secret"), t.toString());
        }
    }

    @Test
    void executeBlocksAndThrowsTransportExceptionUnwrapped() throws Exception {
        try (TransportResponse response = transport.execute(TransportRequest.newBuilder("GET", server.uri("/echo?status=201")).build())) {
            assertEquals(201, response.status());
        }
        TransportRequest refused = TransportRequest.newBuilder("GET", refusedUri("/x")).build();
        TransportException e = assertThrows(TransportException.class, () -> transport.execute(refused));
        assertTrue(e.getMessage().contains("GET " + refused.uri()), e.getMessage());
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
    void cancellingAnInFlightCallReleasesItsPooledConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/hang", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Transport single = new VertxTransportProvider().create(TransportConfig.builder().maxConnections(1).build())) {
            CompletableFuture<TransportResponse> hanging = single.send(TransportRequest.newBuilder("GET", server.uri("/hang")).build());
            Thread.sleep(200); // let it take the only connection
            assertTrue(hanging.cancel(true));

            try (TransportResponse response = single.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                    .get(5, TimeUnit.SECONDS)) {
                assertEquals(200, response.status());
            }
        } finally {
            release.countDown();
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
                .proxy(ProxySelector.of(server.address()))
                .build())) {
            proxied.send(TransportRequest.newBuilder("GET", URI.create("http://api.sference.invalid/echo/v1/files")).build())
                    .get(10, TimeUnit.SECONDS).close();
        }
        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("api.sference.invalid", seen.header("host"));
        assertEquals("/echo/v1/files", seen.uri().getPath());
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
        assertInstanceOf(IllegalStateException.class, failure);
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

    @Test
    void reportsItsName() {
        assertEquals("vertx", transport.name());
    }

    static URI refusedUri(String path) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
