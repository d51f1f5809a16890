package com.sference.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RetryOptions;
import com.sference.transport.TransportRequest;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthAndLoggingPolicyTest {
    private final ImmediateScheduler scheduler = new ImmediateScheduler();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void sendsTheCurrentCredentialAsBearerAndPicksUpAChange() {
        AtomicReference<String> credential = new AtomicReference<>("sk_one");
        CannedTransport transport = new CannedTransport(n -> CannedTransport.status(200));
        Pipeline pipeline = TestPipelines.standard(transport, RetryOptions.NONE, "ua", () -> Optional.ofNullable(credential.get()),
                System.getLogger("test"), System.Logger.Level.DEBUG, Clock.systemUTC(), scheduler, () -> 0);
        TransportRequest get = TransportRequest.newBuilder("GET", URI.create("http://127.0.0.1/v1/auth/me")).build();
        pipeline.send(get, CallContext.startingAt(Clock.systemUTC().instant())).join();
        credential.set("tok_two");
        pipeline.send(get, CallContext.startingAt(Clock.systemUTC().instant())).join();
        assertEquals("Bearer sk_one", transport.requests.get(0).header("authorization").orElseThrow());
        assertEquals("Bearer tok_two", transport.requests.get(1).header("authorization").orElseThrow());
    }

    @Test
    void sendsNoAuthorizationWithoutCredential() {
        CannedTransport transport = new CannedTransport(n -> CannedTransport.status(200));
        Pipeline pipeline = TestPipelines.standard(transport, RetryOptions.NONE, "ua", Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, Clock.systemUTC(), scheduler, () -> 0);
        pipeline.send(TransportRequest.newBuilder("GET", URI.create("http://127.0.0.1/")).build(),
                CallContext.startingAt(Clock.systemUTC().instant())).join();
        assertTrue(transport.requests.get(0).header("authorization").isEmpty());
    }

    @Test
    void redactsEveryHeaderThatIsNotAllowListedAndAlwaysTheCredentials() {
        String printed = LoggingPolicy.redact(new java.util.TreeMap<>(Map.of(
                "authorization", List.of("Bearer sk_secret"),
                "x-api-key", List.of("sk_secret"),
                "cookie", List.of("session=sk_secret"),
                "user-agent", List.of("sference-java/1"),
                "idempotency-key", List.of("k-1"),
                "x-custom", List.of("whatever"))));
        assertFalse(printed.contains("sk_secret"), printed);
        assertFalse(printed.contains("whatever"), printed);
        assertTrue(printed.contains("authorization=REDACTED"), printed);
        assertTrue(printed.contains("user-agent=sference-java/1"), printed);
        assertTrue(printed.contains("idempotency-key=k-1"), printed);
    }

    @Test
    void logsOneLinePerAttemptWithoutTheKey() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        System.Logger logger = new RecordingLogger(lines);
        CannedTransport transport = new CannedTransport(n -> CannedTransport.status(n == 1 ? 503 : 200));
        Pipeline pipeline = TestPipelines.standard(transport, RetryOptions.DEFAULT.withJitter(0), "ua",
                () -> Optional.of("sk_secret"), logger, System.Logger.Level.INFO, Clock.systemUTC(), scheduler, () -> 0);
        pipeline.send(TransportRequest.newBuilder("GET", URI.create("http://127.0.0.1/v1/batches")).build(),
                CallContext.startingAt(Clock.systemUTC().instant())).join();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("GET http://127.0.0.1/v1/batches -> 503"), lines.get(0));
        assertTrue(lines.get(0).contains("(try 1)"), lines.get(0));
        assertTrue(lines.get(1).contains("-> 200") && lines.get(1).contains("(try 2)"), lines.get(1));
        lines.forEach(line -> assertFalse(line.contains("sk_secret"), line));
    }
}
