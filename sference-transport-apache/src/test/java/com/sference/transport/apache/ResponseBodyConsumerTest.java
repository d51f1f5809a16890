package com.sference.transport.apache;

import static com.sference.transport.apache.ApacheTransportTest.send;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read timeout of a response body, as its reader sees it, over loopback. */
class ResponseBodyConsumerTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private LoopbackServer server;
    private Transport transport;
    private final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = new ApacheTransportProvider().create(TransportConfig.builder().maxConnections(1).build());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private TransportRequest get(String path) {
        return TransportRequest.newBuilder("GET", server.uri(path)).readTimeout(READ_TIMEOUT).build();
    }

    /** Serves {@code path} with a head for 10 bytes, then {@code first}, then silence until the client closes. */
    private void stallAfter(String path, String first) {
        server.handle(path, exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            if (!first.isEmpty()) {
                exchange.write(first.getBytes(US_ASCII));
            }
            clientClosed.complete(exchange.holdUntilClientCloses(Duration.ofSeconds(10)));
        });
    }

    private static InterruptedIOException timesOut(InputStream body) {
        long start = System.nanoTime();
        InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> body.read(new byte[10]));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= READ_TIMEOUT.toNanos() - TimeUnit.MILLISECONDS.toNanos(50), "gave up after " + waited + " ns");
        assertTrue(waited < READ_TIMEOUT.toNanos() + MARGIN_NANOS, "gave up after " + waited + " ns");
        return e;
    }

    @Test
    void aBodyThatStallsRightAfterTheHeadFailsTheReaderWithinTheReadTimeoutAndAbortsTheExchange() throws Exception {
        stallAfter("/stall", "");
        try (TransportResponse response = send(transport, get("/stall"))) {
            assertEquals(200, response.status());
            InterruptedIOException e = timesOut(response.body());
            assertTrue(e.getMessage().startsWith("no response data for PT1S"), e.getMessage());
            assertTrue(e.getMessage().contains("GET " + server.uri("/stall")), e.getMessage());

            IOException again = assertThrows(IOException.class, () -> response.body().read());
            assertTrue(again.getMessage().contains("no response data for PT1S"), again.getMessage());
        }
        assertTrue(clientClosed.get(5, TimeUnit.SECONDS), "the client closed the stalled connection");
    }

    @Test
    void aBodyThatStallsHalfwayHandsOverWhatCameThenFailsTheReader() throws Exception {
        stallAfter("/half", "hello");
        try (TransportResponse response = send(transport, get("/half"))) {
            byte[] first = response.body().readNBytes(5);
            assertArrayEquals("hello".getBytes(US_ASCII), first);
            InterruptedIOException e = timesOut(response.body());
            assertTrue(e.getMessage().startsWith("no response data for PT1S"), e.getMessage());
        }
        assertTrue(clientClosed.get(5, TimeUnit.SECONDS), "the client closed the stalled connection");

        try (TransportResponse next = send(transport, get("/echo"))) {
            assertEquals(200, next.status(), "the pool of one has its connection back");
            next.body().readAllBytes();
        }
        assertEquals(2, server.connections(), "the stalled connection was not reused");
    }

    @Test
    void aSlowButSteadyBodyLongerThanTheReadTimeoutIsReadInFull() throws Exception {
        server.handle("/steady", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            for (int i = 0; i < 8; i++) {
                Thread.sleep(READ_TIMEOUT.toMillis() / 4);
                exchange.writeChunk(("part " + i + "\n").getBytes(US_ASCII));
            }
            exchange.endChunks();
        });
        long start = System.nanoTime();
        try (TransportResponse response = send(transport, get("/steady"))) {
            String body = new String(response.body().readAllBytes(), US_ASCII);
            assertEquals(8, body.lines().count(), body);
            assertTrue(body.endsWith("part 7\n"), body);
        }
        assertTrue(System.nanoTime() - start > READ_TIMEOUT.toNanos(), "the body took longer than the read timeout");
    }

    @Test
    void bytesThatArrivedWhileNobodyReadAreHandedOverWhenTheReaderComesBack() throws Exception {
        server.handle("/early", exchange -> exchange.respond(200, "ready".getBytes(US_ASCII)));
        try (TransportResponse response = send(transport, get("/early"))) {
            Thread.sleep(READ_TIMEOUT.toMillis() + 500); // longer than the read timeout, but the bytes are here
            assertEquals("ready", new String(response.body().readAllBytes(), US_ASCII));
        }
    }

    @Test
    void theReadTimeoutIsTheRequestsOwn() throws Exception {
        stallAfter("/own", "");
        TransportRequest quick = TransportRequest.newBuilder("GET", server.uri("/own")).readTimeout(Duration.ofMillis(200)).build();
        try (TransportResponse response = send(transport, quick)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> response.body().read());
            assertInstanceOf(InterruptedIOException.class, e);
            assertTrue(e.getMessage().startsWith("no response data for PT0.2S"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(200) + MARGIN_NANOS);
        }
    }

    @Test
    void aResponseWhoseFutureWasCancelledMeanwhileIsClosedAndItsExchangeAborted() throws Exception {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        List<ResponseBodyConsumer> finished = new ArrayList<>();
        ResponseBodyConsumer consumer = new ResponseBodyConsumer(get("/late"), result, Runnable::run, finished::add);
        assertTrue(result.cancel(false)); // the caller gave up just before the head arrived

        consumer.consumeResponse(new BasicHttpResponse(200), new BasicEntityDetails(10, null), HttpCoreContext.create(),
                new FutureCallback<>() {
                    @Override
                    public void completed(Void ignored) {}

                    @Override
                    public void failed(Exception e) {}

                    @Override
                    public void cancelled() {}
                });

        assertTrue(consumer.responded());
        assertEquals(List.of(consumer), finished, "the late response was closed");
        assertThrows(InterruptedIOException.class, () -> consumer.consume(ByteBuffer.wrap(new byte[10])),
                "and its exchange aborted, so that its connection is discarded");
    }
}
