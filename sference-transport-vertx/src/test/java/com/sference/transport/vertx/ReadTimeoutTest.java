package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TransportRequest#readTimeout()} over this transport, beyond what
 * {@link com.sference.testkit.tck.TransportContractTest} checks for every transport: the exception
 * a timed-out reader gets, a reader slower than the timeout, and the body source of a stalled upload.
 */
@Timeout(60)
class ReadTimeoutTest extends OverLoopback {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final long MARGIN_MILLIS = 2_000;

    private TransportRequest get(String path) {
        return TransportRequest.newBuilder("GET", server.uri(path)).readTimeout(READ_TIMEOUT).build();
    }

    @Test
    void aTimedOutReadThrowsSocketTimeoutNamingTheTimeoutAndTheExchangeAndLaterReadsFailTheSameWay() throws Exception {
        server.handle("/stall", exchange -> {
            exchange.writeHead(200, "Content-Length", "10");
            exchange.holdUntilClientCloses(Duration.ofSeconds(20));
        });
        TransportRequest request = get("/stall");

        try (TransportResponse response = send(request)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> response.body().read());
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertInstanceOf(SocketTimeoutException.class, e);
            assertTrue(e.getMessage().contains("no response data for " + READ_TIMEOUT), e.getMessage());
            assertTrue(e.getMessage().contains(request.method() + " " + request.uri()), e.getMessage());
            assertTrue(millis >= READ_TIMEOUT.toMillis() - 100, "timed out after " + millis + " ms, before the read timeout");
            assertTrue(millis < READ_TIMEOUT.toMillis() + MARGIN_MILLIS, "timed out after " + millis + " ms");
            assertThrows(SocketTimeoutException.class, () -> response.body().read(), "a later read fails the same way");
        }
    }

    @Test
    void aReaderSlowerThanTheReadTimeoutLosesNothing() throws Exception {
        byte[] bytes = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        server.handle("/quick", exchange -> exchange.respond(200, bytes));

        try (TransportResponse response = send(get("/quick"))) {
            Thread.sleep(READ_TIMEOUT.toMillis() + 500); // the body is buffered: the server was never silent while we waited
            assertArrayEquals(bytes, response.body().readAllBytes());
        }
    }

    @Test
    void closesTheBodySourceOfAnUploadTheServerStopsTaking() throws Exception {
        EndlessBody endless = new EndlessBody();
        CountDownLatch failed = new CountDownLatch(1);
        server.handleHead("/stalled-upload", exchange -> {
            failed.await(20, TimeUnit.SECONDS); // takes none of the body until the client gave up
            exchange.holdUntilClientCloses(Duration.ofSeconds(10));
        });
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/stalled-upload")).body(endless.body)
                .timeout(Duration.ofSeconds(30)).readTimeout(READ_TIMEOUT).build();

        try {
            assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
        } finally {
            failed.countDown();
        }
        assertTrue(endless.closed.await(5, TimeUnit.SECONDS), "the body source stayed open");
    }
}
