package com.sference.transport.vertx;

import static com.sference.transport.vertx.OverLoopback.failureOf;
import static com.sference.transport.vertx.OverLoopback.refusedUri;
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
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A {@code Vertx} or {@code WebClient} handed over in {@code TransportConfig.nativeClient()}. */
@Timeout(30)
class SuppliedClientTest {

    private LoopbackServer server;
    private Vertx vertx;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        server.handle("/echo", exchange -> { // the request's body back, with the status of ?status=
            String target = exchange.request().target();
            int query = target.indexOf("?status=");
            exchange.respond(query < 0 ? 200 : Integer.parseInt(target.substring(query + 8)), exchange.request().body());
        });
        server.handle("/redirect", exchange -> exchange.respond(302, new byte[0], "Location", "/echo?status=202"));
        server.handle("/checksum", exchange -> exchange.respond(200,
                (exchange.request().bodySize() + ":" + exchange.request().bodyCrc32()).getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
    }

    private static Transport over(Object nativeClient) {
        return new VertxTransportProvider().create(TransportConfig.builder().nativeClient(nativeClient).build());
    }

    private static String text(TransportResponse response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void usesSuppliedVertxWithoutStartingEventLoopsOfItsOwnAndNeverClosesIt() throws Exception {
        vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, server.port(), "127.0.0.1", "/echo")
                .compose(request -> request.send()).compose(response -> response.body())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // starts the only event loop
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Transport transport = over(vertx);
        try (TransportResponse response = transport.send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(RequestBody.ofString("{\"x\":1}")).build()).get(10, TimeUnit.SECONDS)) {
            assertEquals("{\"x\":1}", text(response));
        }
        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().contains("eventloop")).map(Thread::getName).toList();
        assertEquals(List.of(), started, "the transport started event loops of its own");
        transport.close();

        assertEquals(42L, vertx.timer(10, TimeUnit.MILLISECONDS).map(v -> 42L)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS), "the supplied Vertx still runs");
        assertFalse(assertInstanceOf(TransportException.class,
                failureOf(transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build()))).retryable());
    }

    @ParameterizedTest(name = "supplied {0}")
    @ValueSource(strings = {"Vertx", "WebClient", "WebClient's Vertx"})
    void sendingOverASuppliedClientItsOwnerClosedFailsTheFuture(String supplied) throws Exception {
        WebClient webClient = supplied.equals("Vertx") ? null : WebClient.create(vertx);
        try (Transport transport = over(webClient == null ? vertx : webClient)) {
            if (supplied.equals("WebClient")) {
                webClient.close();
            } else {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            CompletableFuture<TransportResponse> future = transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());

            TransportException e = assertInstanceOf(TransportException.class, failureOf(future));
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("the Vert.x client is closed"), e.getMessage());
        }
    }

    @Test
    void closingFailsACallInFlightThroughASuppliedWebClient() throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(30)));
        Transport transport = over(WebClient.create(vertx));
        CompletableFuture<TransportResponse> waiting = transport.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
        server.takeRequest();

        long start = System.nanoTime();
        transport.close();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 5_000, "close() took " + millis + " ms");
        TransportException e = assertInstanceOf(TransportException.class, failureOf(waiting));
        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("the vertx transport is closed"), e.getMessage());
    }

    @Test
    void executeOnAnEventLoopThrowsInsteadOfBlockingIt() throws Exception {
        try (Transport transport = over(vertx)) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    transport.execute(TransportRequest.newBuilder("GET", server.uri("/echo")).build()).close();
                    thrown.complete(null);
                } catch (RuntimeException e) {
                    thrown.complete(e);
                }
            });
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown.get(10, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("send"), e.getMessage());
        }
    }

    @Test
    void sendOnAnEventLoopWorksAndReadingTheBodyThereNeverBlocks() throws Exception {
        try (Transport transport = over(vertx)) {
            CompletableFuture<TransportResponse> sent = new CompletableFuture<>();
            vertx.runOnContext(v -> transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            sent.completeExceptionally(failure);
                        } else {
                            sent.complete(response);
                        }
                    }));
            try (TransportResponse response = sent.get(10, TimeUnit.SECONDS)) {
                assertEquals(200, response.status());
                CompletableFuture<Object> read = new CompletableFuture<>();
                vertx.runOnContext(v -> {
                    try {
                        read.complete(response.body().read()); // the empty body has ended, or reading would throw
                    } catch (IOException e) {
                        read.complete(e);
                    }
                });
                Object result = read.get(10, TimeUnit.SECONDS);
                assertTrue(result.equals(-1) || result instanceof IOException, String.valueOf(result));
            }
        }
    }

    @Test
    void usesSuppliedWebClientAsConfiguredAndNeverClosesIt() throws Exception {
        WebClient mine = WebClient.create(vertx, new WebClientOptions().setUserAgent("mine/1.0"));
        Transport transport = over(mine);
        try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", server.uri("/redirect")).build())
                .get(10, TimeUnit.SECONDS)) {
            assertEquals(302, response.status(), "redirects are never followed");
        }
        assertEquals("mine/1.0", server.takeRequest().header("user-agent").orElse(null), "the supplied client sent it");
        transport.close();

        int status = mine.getAbs(server.uri("/echo?status=203").toString()).send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode();
        assertEquals(203, status);
    }

    @Test
    void suppliedWebClientStreamsRequestBodiesWithAndWithoutLength() throws Exception {
        long size = 10L * 1024 * 1024 + 13;
        try (Transport transport = over(WebClient.create(vertx))) {
            for (boolean known : new boolean[] {true, false}) {
                RequestBody body = RequestBody.ofStream("application/octet-stream",
                        known ? OptionalLong.of(size) : OptionalLong.empty(), false, () -> new GeneratedStream(size));
                try (TransportResponse response = transport.send(TransportRequest.newBuilder("POST", server.uri("/checksum"))
                        .body(body).build()).get(20, TimeUnit.SECONDS)) {
                    assertEquals(size + ":" + GeneratedStream.crc(size), text(response));
                }
                LoopbackServer.Received seen = server.takeRequest();
                assertEquals(known ? String.valueOf(size) : null, seen.header("content-length").orElse(null));
                assertEquals(known ? null : "chunked", seen.header("transfer-encoding").orElse(null));
            }
        }
    }

    @Test
    void suppliedWebClientSendsEmptyAndMissingBodies() throws Exception {
        try (Transport transport = over(WebClient.create(vertx))) {
            transport.send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                    .body(RequestBody.ofBytes(new byte[0], "application/json")).build()).get(10, TimeUnit.SECONDS).close();
            transport.send(TransportRequest.newBuilder("DELETE", server.uri("/echo")).header("X-Key", "k").build())
                    .get(10, TimeUnit.SECONDS).close();
        }
        LoopbackServer.Received empty = server.takeRequest();
        assertEquals("0", empty.header("content-length").orElse(null));
        assertEquals("application/json", empty.header("content-type").orElse(null));
        LoopbackServer.Received delete = server.takeRequest();
        assertEquals("DELETE", delete.method());
        assertEquals("k", delete.header("x-key").orElse(null));
    }

    @Test
    void suppliedWebClientFailuresMapToTheSdkExceptions() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        server.handle("/slow", exchange -> {
            try {
                never.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Transport transport = over(WebClient.create(vertx))) {
            TransportRequest slow = TransportRequest.newBuilder("GET", server.uri("/slow")).timeout(Duration.ofMillis(300)).build();
            RequestTimeoutException timeout = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(slow)));
            assertTrue(timeout.getMessage().contains("GET " + slow.uri()), timeout.getMessage());

            TransportRequest refused = TransportRequest.newBuilder("GET", refusedUri("/x")).build();
            TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(refused)));
            assertFalse(e instanceof RequestTimeoutException);
            assertTrue(e.getMessage().contains("GET " + refused.uri()), e.getMessage());
        } finally {
            never.countDown();
        }
    }

    @Test
    void cancellingAnUploadThroughASuppliedWebClientStopsIt() throws Exception {
        EndlessBody endless = new EndlessBody();
        try (Transport transport = over(WebClient.create(vertx))) {
            CompletableFuture<TransportResponse> upload = transport.send(TransportRequest.newBuilder("POST", server.uri("/checksum"))
                    .body(endless.body).build());
            assertTrue(endless.reading.await(5, TimeUnit.SECONDS));

            assertTrue(upload.cancel(true));

            assertTrue(endless.closed.await(5, TimeUnit.SECONDS), "the body stream was closed");
        }
    }

}
