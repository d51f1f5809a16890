package com.sference.transport.vertx;

import static com.sference.transport.vertx.VertxTransportTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.TransportException;
import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What closing does: later sends fail their future, open exchanges fail, and close() returns in bounded time. */
@Timeout(60)
class ClosingTest {

    /** What {@code close()} may take with exchanges open: "a few seconds", asserted with a margin. */
    private static final long CLOSE_BOUND_MILLIS = 5_000;

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

    private static void assertClosedFailure(Throwable failure) {
        TransportException e = assertInstanceOf(TransportException.class, failure);
        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().startsWith("the vertx transport is closed"), e.getMessage());
    }

    @Test
    void sendAfterCloseReturnsAFailedFutureAndExecuteThrowsTransportException() {
        transport.close();
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/echo")).build();

        CompletableFuture<TransportResponse> future = transport.send(request); // never throws
        assertNotNull(future);
        assertClosedFailure(failureOf(future));
        assertClosedFailure(assertThrows(TransportException.class, () -> transport.execute(request)));
        assertEquals(0, server.connections(), "something went out");
    }

    @ParameterizedTest(name = "supplied {0}")
    @ValueSource(strings = {"Vertx", "WebClient", "WebClient's Vertx"})
    void sendOverASuppliedClientItsOwnerClosedFailsTheFuture(String supplied) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebClient webClient = supplied.equals("Vertx") ? null : WebClient.create(vertx);
            try (Transport over = new VertxTransportProvider().create(TransportConfig.builder()
                    .nativeClient(webClient == null ? vertx : webClient).build())) {
                if (supplied.equals("WebClient")) {
                    webClient.close();
                } else {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                CompletableFuture<TransportResponse> future = over.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build());

                TransportException e = assertInstanceOf(TransportException.class, failureOf(future));
                assertFalse(e.retryable(), e.getMessage());
                assertTrue(e.getMessage().startsWith("the Vert.x client is closed"), e.getMessage());
            }
        } finally {
            vertx.close();
        }
    }

    @Test
    void closeFailsACallInFlightThroughASuppliedWebClient() throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(30)));
        Vertx vertx = Vertx.vertx();
        try {
            Transport over = new VertxTransportProvider().create(TransportConfig.builder().nativeClient(WebClient.create(vertx)).build());
            CompletableFuture<TransportResponse> waiting = over.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
            server.takeRequest();

            long start = System.nanoTime();
            over.close();
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis < CLOSE_BOUND_MILLIS, "close() took " + millis + " ms");
            assertClosedFailure(failureOf(waiting));
        } finally {
            vertx.close();
        }
    }

    /**
     * With a body half read and another call waiting for its head, close() returns within a few
     * seconds, the waiting call fails, and so does the reader blocked on the body.
     */
    @Test
    void closeIsBoundedWithExchangesOpenAndFailsThem() throws Exception {
        server.handle("/half", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.write("hello".getBytes(StandardCharsets.US_ASCII));
            exchange.holdUntilClientCloses(Duration.ofSeconds(30));
        });
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(30)));
        TransportResponse response = transport.send(TransportRequest.newBuilder("GET", server.uri("/half")).build())
                .get(10, TimeUnit.SECONDS);
        InputStream body = response.body();
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), body.readNBytes(5));
        CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return body.read(); // blocks: the server sends nothing more
            } catch (IOException e) {
                return e;
            }
        });
        CompletableFuture<TransportResponse> waiting = transport.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
        server.takeRequest();
        server.takeRequest(); // both exchanges are under way
        Thread.sleep(200); // and the reader waits

        long start = System.nanoTime();
        transport.close();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < CLOSE_BOUND_MILLIS, "close() took " + millis + " ms");
        assertClosedFailure(failureOf(waiting));
        Object read = reader.get(CLOSE_BOUND_MILLIS, TimeUnit.MILLISECONDS);
        IOException e = assertInstanceOf(IOException.class, read, "the reader got " + read);
        assertTrue(e.getMessage().contains("the vertx transport is closed"), e.getMessage());
        response.close();
    }

    /**
     * cancel(false) on the returned future aborts the exchange, and an answer that the server
     * sends all the same never holds the pool's only connection: one still coming in closes the
     * connection; one that arrived whole is closed, and the next call goes through.
     */
    @ParameterizedTest(name = "late body complete: {0}")
    @ValueSource(booleans = {false, true})
    void cancelWithoutInterruptAbortsTheExchangeAndReleasesItsConnection(boolean lateBodyComplete) throws Exception {
        Transport single = new VertxTransportProvider().create(TransportConfig.builder().maxConnections(1).build());
        try (single; ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI base = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            CompletableFuture<TransportResponse> future = single.send(TransportRequest.newBuilder("GET", base.resolve("/late")).build());
            Socket first = listener.accept();
            ReadTimeoutTest.readHead(first.getInputStream());

            assertTrue(future.cancel(false));
            try {
                first.getOutputStream().write((lateBodyComplete ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // Reset already: fine.
            }

            assertTrue(future.isCancelled());
            assertThrows(CancellationException.class, () -> future.get(1, TimeUnit.SECONDS));
            if (!lateBodyComplete) {
                assertTrue(ReadTimeoutTest.closedByClient(first), "the connection of the cancelled exchange stayed open");
                first.close();
                return;
            }
            answerOk(first); // the connection may be reused, or a new one made
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        answerOk(listener.accept());
                    }
                } catch (IOException e) {
                    // Closed.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (TransportResponse next = single.send(TransportRequest.newBuilder("GET", base.resolve("/next")).build())
                    .get(10, TimeUnit.SECONDS)) {
                assertEquals("ok", new String(next.body().readAllBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    /** Answers {@code ok} to every request on {@code socket}, on a thread of its own, until the client closes it. */
    private static void answerOk(Socket socket) {
        Thread serving = new Thread(() -> {
            try (socket) {
                while (true) {
                    ReadTimeoutTest.readHead(socket.getInputStream());
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // The client closed it.
            }
        });
        serving.setDaemon(true);
        serving.start();
    }
}
