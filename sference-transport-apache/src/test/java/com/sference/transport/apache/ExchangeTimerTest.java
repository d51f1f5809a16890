package com.sference.transport.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The head deadline of an exchange, over loopback, where it goes beyond what
 * {@link com.sference.testkit.tck.TransportContractTest} checks: the contract proves that the
 * response timeout does not run during a slow upload, and this that it runs again once the body
 * has gone out.
 */
class ExchangeTimerTest extends OverLoopback {

    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** {@return a body of {@code chunks} 1 KiB chunks, each after {@code pause}, of unknown length} */
    private static RequestBody trickle(int chunks, Duration pause) {
        return RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), true, () -> new InputStream() {
            private int left = chunks;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                left--;
                int n = Math.min(len, 1024);
                Arrays.fill(b, off, off + n, (byte) 'x');
                return n;
            }
        });
    }

    @Test
    void theHeadTimeoutRunsAgainOnceTheBodyHasGoneOut() throws Exception {
        server.handle("/slow", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(10)));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/slow"))
                .body(trickle(6, Duration.ofMillis(100)))
                .timeout(Duration.ofMillis(400)).build();

        long start = System.nanoTime();
        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(transport.send(request)));
        long waited = System.nanoTime() - start;

        assertTrue(e.getMessage().startsWith("no response within PT0.4S"), e.getMessage());
        assertTrue(e.retryable());
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(600 + 400), "the upload, then the wait for the head: " + waited);
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(1_000) + MARGIN_NANOS, "gave up after " + waited + " ns");
        assertEquals(6 * 1024, server.takeRequest().bodySize());
    }
}
