package com.sference.transport.apache;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * The read timeout of a response body as its reader sees it, where it goes beyond what
 * {@link com.sference.testkit.tck.TransportContractTest} checks (the exception and its message,
 * and bytes that wait for a late reader), and a response that arrives for a cancelled future.
 */
class ResponseBodyConsumerTest extends OverLoopback {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private TransportRequest get(String path) {
        return TransportRequest.newBuilder("GET", server.uri(path)).readTimeout(READ_TIMEOUT).build();
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
    void aTimedOutReadThrowsInterruptedIoNamingTheTimeoutAndTheExchangeAndLaterReadsFailTheSameWay() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(10));
        });
        try (TransportResponse response = send(get("/stall"))) {
            assertEquals(200, response.status());
            InterruptedIOException e = timesOut(response.body());
            assertTrue(e.getMessage().startsWith("no response data for PT1S"), e.getMessage());
            assertTrue(e.getMessage().contains("GET " + server.uri("/stall")), e.getMessage());

            IOException again = assertThrows(IOException.class, () -> response.body().read());
            assertTrue(again.getMessage().contains("no response data for PT1S"), again.getMessage());
        }
    }

    @Test
    void bytesThatArrivedWhileNobodyReadAreHandedOverWhenTheReaderComesBack() throws Exception {
        server.handle("/early", exchange -> exchange.respond(200, "ready".getBytes(US_ASCII)));
        try (TransportResponse response = send(get("/early"))) {
            Thread.sleep(READ_TIMEOUT.toMillis() + 500); // longer than the read timeout, but the bytes are here
            assertEquals("ready", new String(response.body().readAllBytes(), US_ASCII));
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
