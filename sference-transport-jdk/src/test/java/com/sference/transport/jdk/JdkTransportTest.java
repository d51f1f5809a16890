package com.sference.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sference.RequestTimeoutException;
import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdkTransportTest {

    private static final String JSON = "application/json";

    private LoopbackServer server;
    private Transport transport;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = new JdkTransportProvider().create(TransportConfig.defaults());
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

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
    }

    // ---- round trips

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE"})
    void sendsMethodPathHeadersAndBody(String method) throws Exception {
        boolean withBody = method.equals("POST") || method.equals("PATCH");
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
        assertEquals("idem-1", seen.header("idempotency-key"));
        assertEquals("sference-java/test", seen.header("user-agent"));
        assertEquals(withBody ? JSON : null, seen.header("content-type"));
        assertEquals(withBody ? json : "", seen.bodyText());
    }

    @Test
    void pinsHttp11WithoutH2cUpgrade() throws Exception {
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, response.status());
        }
        LoopbackServer.Recorded seen = server.takeRequest();
        assertEquals("HTTP/1.1", seen.protocol());
        assertNull(seen.header("upgrade"));
        assertNull(seen.header("http2-settings"));
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

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void streamsTenMebibyteGeneratedBody(boolean knownLength) throws Exception {
        long size = 10L * 1024 * 1024 + 7;
        server.handle("/checksum", exchange -> {
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
    void closingResponseTwiceNeverThrows() throws Exception {
        TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());
        response.close();
        response.close();
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

            Throwable failure = failureOf(transport.send(TransportRequest.newBuilder("GET", uri).build()));

            TransportException e = assertInstanceOf(TransportException.class, failure);
            assertFalse(e instanceof RequestTimeoutException);
            assertTrue(e.getMessage().startsWith("I/O error: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(GET " + uri + ")"), e.getMessage());
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

        Throwable failure = failureOf(transport.send(request));

        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure);
        assertTrue(e.getMessage().contains("GET " + request.uri()), e.getMessage());
        never.countDown();
    }

    @Test
    void failingBodyStreamFailsWithTransportException() {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.empty(), true, () -> new InputStream() {
            private int left = 1000;

            @Override
            public int read() throws IOException {
                if (left-- == 0) {
                    throw new IOException("disk gone");
                }
                return 'x';
            }
        });
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().contains("POST " + request.uri()), e.getMessage());
    }

    @Test
    void bodyShorterThanItsLengthFailsWithTransportException() {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.of(100), true, () -> new ByteArrayInputStream(new byte[10]));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
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
    void cancellingDerivedFutureWithoutInterruptLeavesExchangeRunning() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        server.handle("/late", exchange -> {
            try {
                cancelled.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LoopbackServer.respond(exchange, 200, "late".getBytes(StandardCharsets.US_ASCII));
        });
        CompletableFuture<TransportResponse> returned = transport.send(TransportRequest.newBuilder("GET", server.uri("/late")).build());
        CompletableFuture<Integer> derived = returned.thenApply(TransportResponse::status);

        assertTrue(derived.cancel(false));
        cancelled.countDown();

        try (TransportResponse response = returned.get(10, TimeUnit.SECONDS)) {
            assertEquals("late", text(response));
        }
    }

    // ---- configuration and lifecycle

    @Test
    void usesSuppliedClientAndNeverClosesIt() throws Exception {
        server.handle("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/echo?status=202");
            LoopbackServer.respond(exchange, 302, new byte[0]);
        });
        HttpClient mine = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.ALWAYS)
                .build();
        Transport supplied = new JdkTransportProvider().create(TransportConfig.builder().nativeClient(mine).build());

        try (TransportResponse response = supplied.send(TransportRequest.newBuilder("GET", server.uri("/redirect")).build())
                .get(10, TimeUnit.SECONDS)) {
            assertEquals(202, response.status(), "the redirect was followed, so the supplied client sent it");
        }
        supplied.close();

        HttpResponse<String> after = mine.send(HttpRequest.newBuilder(server.uri("/echo?status=203")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(203, after.statusCode());
    }

    @Test
    void closesOwnedClientWhereTheJdkCanCloseIt() {
        HttpClient owned = HttpClient.newHttpClient();
        assumeTrue(owned instanceof AutoCloseable, "HttpClient is AutoCloseable from JDK 21 on");
        new JdkTransport(owned, true).close();

        assertThrows(IOException.class, () -> owned.send(HttpRequest.newBuilder(server.uri("/echo")).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void usesConfiguredExecutor() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Transport configured = new JdkTransportProvider().create(TransportConfig.builder()
                .executor(task -> {
                    tasks.incrementAndGet();
                    pool.execute(task);
                })
                .build())) {
            try (TransportResponse response = configured.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                    .get(10, TimeUnit.SECONDS)) {
                assertEquals(200, response.status());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(tasks.get() > 0);
    }

    @Test
    void sendsThroughConfiguredProxy() throws Exception {
        try (Transport proxied = new JdkTransportProvider().create(TransportConfig.builder()
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
    void closeIsIdempotentAndLaterSendsFail() {
        transport.close();
        transport.close();

        Throwable failure = failureOf(transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build()));
        assertInstanceOf(IllegalStateException.class, failure);
    }

    @Test
    void reportsItsName() {
        assertEquals("jdk", transport.name());
    }

    private static URI refusedUri(String path) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Generates {@code size} deterministic bytes on demand, never holding more than a read's worth. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;

        GeneratedStream(long size) {
            this.size = size;
        }

        static int at(long i) {
            return (int) ((i * 31 + (i >>> 9)) & 0xFF);
        }

        static long crc(long size) throws IOException {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = new GeneratedStream(size)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                }
            }
            return crc.getValue();
        }

        @Override
        public int read() {
            return position < size ? at(position++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) at(position++);
            }
            return n;
        }
    }
}
