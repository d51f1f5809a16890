package com.sference.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sference.testkit.tck.LoopbackServer;
import com.sference.testkit.tck.TransportContractTest;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only the {@code jdk} transport has; the behaviour every transport shares is checked by
 * {@link TransportContractTest}, which {@link JdkTransportContractTest} runs.
 */
class JdkTransportTest {

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

    @Test
    void pinsHttp11WithoutH2cUpgrade() throws Exception {
        send(TransportRequest.newBuilder("GET", server.uri("/echo")).build()).close();

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals("HTTP/1.1", seen.protocol());
        assertEquals(Optional.empty(), seen.header("upgrade"));
        assertEquals(Optional.empty(), seen.header("http2-settings"));
    }

    @Test
    void dropsHostAndConnectionHeadersTheJdkWritesItself() throws Exception {
        send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                .header("Host", "evil.example")
                .header("Connection", "close")
                .header("X-API-Key", "k")
                .body(RequestBody.ofString("{}"))
                .build()).close();

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(Optional.of("127.0.0.1:" + server.port()), seen.header("host"));
        assertEquals(Optional.empty(), seen.header("connection").filter(v -> v.equalsIgnoreCase("close")));
        assertEquals(Optional.of("k"), seen.header("x-api-key"));
    }

    // ---- cancellation beyond the contract: cancel(false), and futures derived from the returned one

    @ParameterizedTest
    @ValueSource(strings = {"returned.cancel(false)", "derived.cancel(true)"})
    void cancellingAbortsTheExchange(String how) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/hang");
            CompletableFuture<TransportResponse> returned = transport.send(TransportRequest.newBuilder("GET", uri).build());
            CompletableFuture<?> cancelled = how.startsWith("returned") ? returned : returned.thenApply(TransportResponse::status);
            try (Socket connection = listener.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                assertTrue(in.read(new byte[8192]) > 0, "request arrived");

                assertTrue(cancelled.cancel(how.endsWith("(true)")));

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
            cancelled.await(5, TimeUnit.SECONDS);
            exchange.respond(200, "late");
        });
        CompletableFuture<TransportResponse> returned = transport.send(TransportRequest.newBuilder("GET", server.uri("/late")).build());
        CompletableFuture<Integer> derived = returned.thenApply(TransportResponse::status);

        assertTrue(derived.cancel(false));
        cancelled.countDown();

        try (TransportResponse response = returned.get(10, TimeUnit.SECONDS)) {
            assertEquals("late", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- timeouts beyond the contract: the exceptions' types and messages, and slow sources

    @Test
    void aBodyReadThatTimesOutThrowsSocketTimeoutNamingTheReadTimeoutAndKeepsFailing() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(10));
        });
        try (TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/stall"))
                .readTimeout(Duration.ofMillis(300)).build())) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> response.body().read());
            assertEquals("no response data for PT0.3S", e.getMessage());
            assertThrows(SocketTimeoutException.class, () -> response.body().read(), "a later read");
        }
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), Duration.ofSeconds(10)));
    }

    @Test
    void anInterruptedBodyReadThrowsInterruptedIoKeepsTheFlagAndAbortsTheExchange() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(10));
        });
        TransportResponse response = send(TransportRequest.newBuilder("GET", server.uri("/stall")).build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                response.body().read();
            } catch (Throwable t) {
                thrown.set(t);
            }
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        reader.start();
        Thread.sleep(200);
        reader.interrupt();
        reader.join(5_000);

        assertInstanceOf(InterruptedIOException.class, thrown.get());
        assertTrue(interrupted.get(), "the read cleared the interrupt flag");
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), Duration.ofSeconds(10)));
        response.close();
    }

    @Test
    void aSlowBodySourceIsNotTakenForAServerThatStoppedReading() throws Exception {
        RequestBody slow = RequestBody.ofStream("text/plain", OptionalLong.of(2), true, () -> new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position == 1) {
                    try {
                        Thread.sleep(800); // longer than the read timeout: the source is slow, not the server
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return position < 2 ? "ab".charAt(position++) : -1;
            }
        });

        try (TransportResponse response = send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(slow).readTimeout(Duration.ofMillis(300)).build())) {
            assertEquals("ab", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- configuration and lifecycle

    @Test
    void usesSuppliedClientAndNeverClosesIt() throws Exception {
        server.handle("/redirect", exchange -> exchange.respond(302, new byte[0], "Location", "/echo?status=202"));
        server.handle("/echo", exchange -> exchange.respond(202, "followed"));
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

        HttpResponse<String> after = mine.send(HttpRequest.newBuilder(server.uri("/echo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, after.statusCode());
    }

    @Test
    void closingFailsTheOpenExchangesOfASuppliedClientAndLeavesTheClientWorking() throws Exception {
        server.handle("/open", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(10));
        });
        HttpClient mine = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Transport supplied = new JdkTransportProvider().create(TransportConfig.builder().nativeClient(mine).build());
        TransportResponse open = supplied.send(TransportRequest.newBuilder("GET", server.uri("/open")).build())
                .get(10, TimeUnit.SECONDS);

        supplied.close();

        IOException e = assertThrows(IOException.class, () -> open.body().read());
        assertEquals("the jdk transport was closed", e.getMessage());
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), Duration.ofSeconds(10)));
        HttpResponse<String> after = mine.send(HttpRequest.newBuilder(server.uri("/echo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode());
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
                .proxy(ProxySelector.of(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())))
                .build())) {
            proxied.send(TransportRequest.newBuilder("GET", URI.create("http://api.sference.invalid/echo/v1/files")).build())
                    .get(10, TimeUnit.SECONDS).close();
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(Optional.of("api.sference.invalid"), seen.header("host"));
        assertEquals("http://api.sference.invalid/echo/v1/files", seen.target());
    }

    @Test
    void reportsItsName() {
        assertEquals("jdk", transport.name());
    }
}
