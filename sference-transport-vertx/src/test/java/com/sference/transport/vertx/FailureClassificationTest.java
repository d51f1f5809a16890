package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * That the message of a failure the request itself causes names its root cause, which
 * {@link com.sference.testkit.tck.TransportContractTest} does not check for these two.
 */
@Timeout(30)
class FailureClassificationTest extends OverLoopback {

    private TransportException failure(TransportRequest request) {
        TransportException e = assertInstanceOf(TransportException.class, failureOf(transport.send(request)));
        assertTrue(e.getMessage().endsWith("(" + request.method() + " " + request.uri() + ")"), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "fails on {0}")
    @ValueSource(strings = {"open", "read"})
    void bodySourceThatFailsIsNotRetryableAndNamesItsCause(String when) {
        RequestBody failing = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), true, () -> {
            if (when.equals("open")) {
                throw new IOException("disk on fire");
            }
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk on fire");
                }
            };
        });

        TransportException e = failure(TransportRequest.newBuilder("POST", server.uri("/echo")).body(failing).build());

        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("cannot read the request body: disk on fire"), e.getMessage());
    }

    @Test
    void certificateTheClientDoesNotTrustIsNotRetryable(@TempDir Path directory) throws Exception {
        try (UntrustedTlsServer tls = UntrustedTlsServer.start(directory)) {
            TransportException e = failure(TransportRequest.newBuilder("GET", tls.uri("/v1/batches")).build());

            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("TLS handshake failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("certification path"), "the root cause is missing: " + e.getMessage());
        }
    }
}
