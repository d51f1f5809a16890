package com.sference.transport.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.NotFoundException;
import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.TransportException;
import com.sference.model.Batch;
import com.sference.model.CreateResponseRequest;
import com.sference.model.InferenceRequest;
import com.sference.model.Response;
import com.sference.model.WaitOptions;
import com.sference.testkit.SferenceEmulator;
import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the {@code apache} transport has; the behaviour every transport shares is checked by
 * {@link com.sference.testkit.tck.TransportContractTest}, which {@link ApacheTransportContractTest} runs.
 */
class ApacheTransportTest extends OverLoopback {

    private static final String JSON = "application/json";
    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    private static Transport poolOfOne() {
        return new ApacheTransportProvider().create(TransportConfig.builder().maxConnections(1).build());
    }

    // ---- round trips

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE", "PUT"})
    void sendsMethodPathHeadersAndBody(String method) throws Exception {
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        String json = "{\"method\":\"" + method + "\"}";
        TransportRequest.Builder builder = TransportRequest.newBuilder(method, server.uri("/echo/v1/batches/b_1?limit=2&q=a%20b"))
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
        assertEquals("/echo/v1/batches/b_1", seen.path());
        assertEquals("limit=2&q=a%20b", URI.create(seen.target()).getRawQuery());
        assertEquals("HTTP/1.1", seen.protocol());
        assertEquals("idem-1", seen.header("idempotency-key").orElse(null));
        assertEquals("sference-java/test", seen.header("user-agent").orElse(null));
        assertEquals(withBody ? JSON : null, seen.header("content-type").orElse(null));
        assertEquals(withBody ? json : "", seen.bodyText());
        assertNull(seen.header("accept-encoding").orElse(null), "no content compression");
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
    }

    // ---- responses

    @Test
    void slowReaderHoldsTheServerBack() throws Exception {
        AtomicLong written = new AtomicLong();
        long total = 256L * 1024 * 1024;
        server.handle("/firehose", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(total));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < total; sent += chunk.length) {
                exchange.write(chunk);
                written.addAndGet(chunk.length);
            }
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/firehose")).build())) {
            assertEquals(0, response.body().read());
            Thread.sleep(500);
            long stalled = written.get();
            assertTrue(stalled < 64L * 1024 * 1024, "the server wrote " + stalled + " bytes to a reader that took one");
            assertTrue(response.body().available() <= ResponseBodyConsumer.LIMIT + 64 * 1024,
                    "buffered " + response.body().available());
        }
    }

    // ---- failures

    @Test
    void failedConnectionNeverOpensTheBody() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.of(2), false, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream("{}".getBytes(StandardCharsets.US_ASCII));
        });
        failureOf(transport.send(TransportRequest.newBuilder("POST", refusedUri("/x")).body(body).build()));
        assertEquals(0, opened.get());
    }

    @Test
    void serverClosingMidBodyFailsTheRead() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread halfway = new Thread(() -> {
                try (Socket connection = listener.accept()) {
                    connection.getInputStream().read(new byte[8192]);
                    connection.getOutputStream().write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten!!".getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                } catch (IOException e) {
                    // the test fails on its own if this goes wrong
                }
            });
            halfway.setDaemon(true);
            halfway.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/half");

            try (TransportResponse response = send(TransportRequest.newBuilder("GET", uri).build())) {
                assertEquals(200, response.status());
                IOException e = assertThrows(IOException.class, () -> response.body().readAllBytes());
                assertTrue(e.getMessage().contains("GET " + uri), e.getMessage());
            }
        }
    }

    @Test
    void acceptsTimeoutsBeyondACentury() throws Exception {
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/echo"))
                .timeout(ChronoUnit.FOREVER.getDuration()).build();
        try (TransportResponse response = send(request)) {
            assertEquals(200, response.status());
        }
    }

    /** The contract sends a body shorter than its declared length; this one is longer. */
    @Test
    void bodyLongerThanItsDeclaredLengthIsNotRetryable() {
        RequestBody body = RequestBody.ofStream(JSON, OptionalLong.of(100), true, () -> new ByteArrayInputStream(new byte[200]));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(body).build();

        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().startsWith("request body failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
        assertFalse(e.retryable());
    }

    /** Beyond the contract's {@code ftp} scheme and port out of range: URIs this transport takes apart itself. */
    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/hosts", "http:/no-host"})
    void uriTheTransportCannotSendToIsNotRetryable(String uri) {
        TransportException e = assertInstanceOf(TransportException.class,
                failureOf(transport.send(TransportRequest.newBuilder("GET", URI.create(uri)).build())));
        assertTrue(e.getMessage().startsWith("unsupported URI scheme: ") || e.getMessage().startsWith("invalid URI: "), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void schemeIsMatchedWhateverItsCase() throws Exception {
        try (TransportResponse response = send(TransportRequest.newBuilder("GET",
                URI.create("HTTP://127.0.0.1:" + server.port() + "/echo")).build())) {
            assertEquals(200, response.status());
        }
    }

    @Test
    void handshakeThePeerCutsOffIsRetryable() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread cutter = new Thread(() -> {
                try (Socket connection = listener.accept()) {
                    connection.getInputStream().read(new byte[16]); // the start of the ClientHello, then close
                } catch (IOException e) {
                    // the test fails on its own if this goes wrong
                }
            });
            cutter.setDaemon(true);
            cutter.start();
            URI uri = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/v1/batches");

            TransportException e = assertInstanceOf(TransportException.class,
                    failureOf(transport.send(TransportRequest.newBuilder("GET", uri).build())));
            assertEquals("TLS handshake cut off by the server (GET " + uri + ")", e.getMessage());
            assertTrue(e.retryable());
        }
    }

    // ---- connections: reuse, cancellation, early close

    @Test
    void neverReusesConnectionOfResponseClosedEarly() throws Exception {
        byte[] large = new byte[4 * 1024 * 1024];
        server.handle("/large", exchange -> exchange.respond(200, large));
        try (Transport single = poolOfOne()) {
            TransportResponse first = send(single, TransportRequest.newBuilder("GET", server.uri("/large")).build());
            assertEquals(0, first.body().read());
            first.close();
            first.close();
            assertThrows(IOException.class, () -> first.body().read());

            try (TransportResponse second = send(single, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                assertEquals(200, second.status());
            }
        }
        assertNotEquals(server.takeRequest().connection(), server.takeRequest().connection());
    }

    @Test
    void cancellingAnExchangeOnAReusedConnectionAbortsIt() throws Exception {
        try (Transport single = poolOfOne(); ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String base = "http://127.0.0.1:" + listener.getLocalPort();
            CompletableFuture<TransportResponse> first = single.send(TransportRequest.newBuilder("GET", URI.create(base + "/ok")).build());
            try (Socket connection = listener.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                assertTrue(in.read(new byte[8192]) > 0);
                connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                try (TransportResponse response = first.get(5, TimeUnit.SECONDS)) {
                    assertEquals("ok", text(response));
                }
                Thread.sleep(50); // the connection goes back to the pool

                CompletableFuture<TransportResponse> second = single.send(TransportRequest.newBuilder("GET", URI.create(base + "/hang")).build());
                assertTrue(in.read(new byte[8192]) > 0, "the second request came over the same connection");
                assertTrue(second.cancel(true));
                try {
                    assertEquals(-1, in.read(), "connection closed by the client");
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the exchange was not aborted within 5 s", e);
                } catch (IOException e) {
                    // reset by the client: aborted as well
                }
            }
        }
    }

    @Test
    void cancellingWhileWaitingForThePoolFreesTheWaitingSlot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/hold", exchange -> {
            release.await(5, TimeUnit.SECONDS);
            exchange.respond(200, new byte[0]);
        });
        try (Transport single = poolOfOne()) {
            CompletableFuture<TransportResponse> holding = single.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
            CompletableFuture<TransportResponse> waiting = single.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());
            Thread.sleep(100);
            assertTrue(waiting.cancel(true));
            release.countDown();
            holding.get(5, TimeUnit.SECONDS).close();
            try (TransportResponse next = send(single, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                assertEquals(200, next.status());
            }
        }
    }

    // ---- the SDK over this transport, against the emulator

    @Test
    void drivesTheSdkAgainstTheEmulator() throws Exception {
        try (SferenceEmulator emulator = SferenceEmulator.start();
                SferenceClient client = SferenceClient.builder()
                        .baseUrl(emulator.baseUrl())
                        .apiKey(emulator.apiKey())
                        .transport(transport)
                        .build()) {
            List<InferenceRequest> requests = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                requests.add(InferenceRequest.chat("c-" + i, MODEL, "question ü " + i));
            }
            Batch batch = client.batches().submit(requests);
            Batch done = client.batches().waitForCompletion(batch.id(), WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(10)));
            ByteArrayOutputStream results = new ByteArrayOutputStream();
            client.batches().downloadResults(done.id(), results);
            assertEquals(50, results.toString(StandardCharsets.UTF_8).lines().count());
            assertTrue(results.toString(StandardCharsets.UTF_8).contains("echo: question ü 7"));

            Response answer = client.async().responses().create(CreateResponseRequest.ask(MODEL, "hello there"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(answer.id(), client.responses().get(answer.id()).id());
            assertInstanceOf(NotFoundException.class, assertThrows(SferenceException.class, () -> client.batches().get("b_missing")));
        }
    }

    // ---- configuration and lifecycle

    @Test
    void usesConfiguredExecutor() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Transport configured = new ApacheTransportProvider().create(TransportConfig.builder()
                .executor(task -> {
                    tasks.incrementAndGet();
                    pool.execute(task);
                })
                .build())) {
            try (TransportResponse response = send(configured, TransportRequest.newBuilder("POST", server.uri("/echo"))
                    .body(RequestBody.ofString("{}")).build())) {
                assertEquals("{}", text(response));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(tasks.get() >= 2, "reading the body and handing the response over: " + tasks.get());
    }

    @Test
    void sendsThroughConfiguredProxy() throws Exception {
        try (Transport proxied = new ApacheTransportProvider().create(TransportConfig.builder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port())))
                .build())) {
            send(proxied, TransportRequest.newBuilder("GET", URI.create("http://api.sference.invalid/echo/v1/files")).build()).close();
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals("api.sference.invalid", seen.header("host").orElse(null));
        assertEquals("/echo/v1/files", seen.path());
    }

    /** Beyond the contract, which reads an open body only after close: a reader already blocked on it is woken too. */
    @Test
    void closeFailsAReaderBlockedOnABody() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.write("hello".getBytes(StandardCharsets.US_ASCII));
            exchange.holdUntilClientCloses(Duration.ofSeconds(20));
        });
        try (TransportResponse reading = send(TransportRequest.newBuilder("GET", server.uri("/stall")).build())) {
            assertEquals("hello", new String(reading.body().readNBytes(5), StandardCharsets.US_ASCII));
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    reading.body().readAllBytes(); // blocks: the server sends nothing more
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(200); // the reader waits

            transport.close();

            assertInstanceOf(IOException.class, reader.get(5, TimeUnit.SECONDS), "the blocked reader was not released");
        }
    }

    @Test
    void closingOverASuppliedClientFailsItsOpenExchangesAndLeavesTheClientOpen() throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(20)));
        try (CloseableHttpAsyncClient mine = HttpAsyncClients.createDefault()) {
            Transport supplied = new ApacheTransportProvider().create(TransportConfig.builder().nativeClient(mine).build());
            CompletableFuture<TransportResponse> waiting = supplied.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
            server.takeRequest();

            long start = System.nanoTime();
            supplied.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            assertTrue(failureOf(waiting).getMessage().startsWith("the apache transport is closed"));
            assertEquals(IOReactorStatus.ACTIVE, mine.getStatus());
        }
    }

    @Test
    void reportsItsName() {
        assertEquals("apache", transport.name());
        assertEquals("ApacheTransport[owned client]", transport.toString());
    }
}
