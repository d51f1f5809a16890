package com.sference.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RetryOptions;
import com.sference.SferenceException;
import com.sference.TransportException;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/v1/batches");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    private static final RetryOptions NO_JITTER = RetryOptions.DEFAULT.withJitter(0);

    private final ImmediateScheduler scheduler = new ImmediateScheduler();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private TransportResponse send(CannedTransport transport, RetryOptions options, TransportRequest request) {
        Pipeline pipeline = TestPipelines.standard(transport, options, "sference-java/test", java.util.Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, CLOCK, scheduler, () -> 0.5);
        try {
            return pipeline.send(request, CallContext.startingAt(CLOCK.instant())).join();
        } catch (CompletionException e) {
            throw SferenceException.unwrap(e);
        }
    }

    /** A POST as the SDK sends it: with its idempotency key. */
    private static TransportRequest post(RequestBody body) {
        return TransportRequest.newBuilder("POST", URL).body(body)
                .header("idempotency-key", java.util.UUID.randomUUID().toString()).build();
    }

    private static CannedTransport answering(Function<Integer, CompletableFuture<TransportResponse>> script) {
        return new CannedTransport(script);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 502, 503, 504})
    void retriesTransientStatusThenSucceeds(int status) {
        CannedTransport transport = answering(n -> CannedTransport.status(n == 1 ? status : 200));
        TransportResponse response = send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        assertEquals(200, response.status());
        assertEquals(2, transport.requests.size());
        assertEquals(List.of(Duration.ofMillis(500)), scheduler.delays);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 500, 501})
    void doesNotRetryFinalStatus(int status) {
        CannedTransport transport = answering(n -> CannedTransport.status(status));
        assertEquals(status, send(transport, NO_JITTER, post(RequestBody.ofString("{}"))).status());
        assertEquals(1, transport.requests.size());
    }

    @Test
    void backsOffExponentiallyAndReturnsTheLastResponseWhenRetriesRunOut() {
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        TransportResponse response = send(transport, NO_JITTER.withMaxRetries(3), post(RequestBody.ofString("{}")));
        assertEquals(503, response.status());
        assertEquals(4, transport.requests.size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)), scheduler.delays);
    }

    @Test
    void jitterShortensTheDelay() {
        CannedTransport transport = answering(n -> CannedTransport.status(n == 1 ? 503 : 200));
        send(transport, RetryOptions.DEFAULT.withJitter(0.2), post(RequestBody.ofString("{}")));
        assertEquals(List.of(Duration.ofMillis(450)), scheduler.delays);
    }

    @Test
    void honoursRetryAfterSeconds() {
        CannedTransport transport = answering(n -> n == 1
                ? CannedTransport.status(429, Map.of("retry-after", List.of("3")))
                : CannedTransport.status(200));
        send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        assertEquals(List.of(Duration.ofSeconds(3)), scheduler.delays);
    }

    @Test
    void honoursRetryAfterHttpDate() {
        CannedTransport transport = answering(n -> n == 1
                ? CannedTransport.status(503, Map.of("retry-after", List.of("Tue, 24 Nov 2026 12:00:05 GMT")))
                : CannedTransport.status(200));
        send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        assertEquals(List.of(Duration.ofSeconds(5)), scheduler.delays);
    }

    @Test
    void doesNotWaitLongerThanTheRetryAfterCap() {
        CannedTransport transport = answering(n -> CannedTransport.status(429, Map.of("retry-after", List.of("120"))));
        TransportResponse response = send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        assertEquals(429, response.status());
        assertEquals(1, transport.requests.size());
    }

    @Test
    void startsNoRetryPastTheOverallDeadline() {
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        send(transport, NO_JITTER.withMaxElapsed(Duration.ofMillis(700)), post(RequestBody.ofString("{}")));
        assertEquals(2, transport.requests.size(), "the first retry starts at 0.5 s; the second would at 1 s, past 0.7 s");
    }

    @Test
    void doesNotResendNonReplayableBody() {
        RequestBody once = RequestBody.ofStream("application/json", OptionalLong.of(2), false,
                () -> new ByteArrayInputStream("{}".getBytes()));
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        assertEquals(503, send(transport, NO_JITTER, post(once)).status());
        assertEquals(1, transport.requests.size());
    }

    @Test
    void retriesConnectionFailuresAndKeepsEarlierOnesSuppressed() {
        CannedTransport transport = answering(n -> CompletableFuture.failedFuture(
                new TransportException("POST", URL, "connection refused #" + n, null, true)));
        TransportException thrown = assertThrows(TransportException.class,
                () -> send(transport, NO_JITTER, post(RequestBody.ofString("{}"))));
        assertEquals(3, transport.requests.size());
        assertTrue(thrown.getMessage().contains("#3"));
        assertEquals(2, thrown.getSuppressed().length);
    }

    @Test
    void doesNotRetryWhenRetriesAreOff() {
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        send(transport, RetryOptions.NONE, post(RequestBody.ofString("{}")));
        assertEquals(1, transport.requests.size());
    }

    @Test
    void reusesOneIdempotencyKeyAcrossRetries() {
        CannedTransport transport = answering(n -> CannedTransport.status(n < 3 ? 502 : 201));
        send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        List<String> keys = transport.requests.stream().map(r -> r.header("Idempotency-Key").orElseThrow()).toList();
        assertEquals(3, keys.size());
        assertEquals(1, keys.stream().distinct().count());
    }

    @Test
    void neverResendsAPatchOrDeleteWhoseAnswerWasCut() {
        for (String method : List.of("PATCH", "DELETE")) {
            CannedTransport transport = answering(n -> CompletableFuture.completedFuture(TransportResponse.of(200,
                    Map.of(), new BrokenStream("{", new java.io.EOFException("cut")))));
            TransportException thrown = assertThrows(TransportException.class, () -> send(transport, NO_JITTER,
                    TransportRequest.newBuilder(method, URL).build()));
            assertEquals(false, thrown.retryable());
            assertEquals(1, transport.requests.size(), method);
        }
    }

    @Test
    void anErrorBodyCutShortStillGivesItsStatus() {
        CannedTransport transport = answering(n -> CompletableFuture.completedFuture(TransportResponse.of(404,
                Map.of(), new BrokenStream("{\"detail\":", new java.io.EOFException("cut")))));
        try (TransportResponse response = send(transport, NO_JITTER, TransportRequest.newBuilder("GET", URL).build())) {
            assertEquals(404, response.status());
        }
    }

    @Test
    void setsUserAgentOnEveryAttempt() {
        CannedTransport transport = answering(n -> CannedTransport.status(n == 1 ? 503 : 200));
        send(transport, NO_JITTER, post(RequestBody.ofString("{}")));
        transport.requests.forEach(r -> assertEquals("sference-java/test", r.header("user-agent").orElseThrow()));
    }

    @Test
    void cancellingTheCallCancelsTheAttemptInFlight() {
        CompletableFuture<TransportResponse> inFlight = new CompletableFuture<>();
        CannedTransport transport = answering(n -> inFlight);
        Pipeline pipeline = TestPipelines.standard(transport, NO_JITTER, "ua", java.util.Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, CLOCK, scheduler, () -> 0.5);
        CompletableFuture<TransportResponse> call = pipeline.send(post(RequestBody.ofString("{}")),
                CallContext.startingAt(CLOCK.instant()));
        call.cancel(true);
        assertTrue(inFlight.isCancelled());
    }

    @Test
    void aTransportFailingItsFutureWithAnUncheckedExceptionGivesATransportException() {
        CannedTransport transport = answering(n -> CompletableFuture.failedFuture(new IllegalStateException("closed")));
        TransportException thrown = assertThrows(TransportException.class,
                () -> send(transport, NO_JITTER, TransportRequest.newBuilder("GET", URL).build()));
        assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
        assertEquals(false, thrown.retryable());
    }

    @Test
    void wrapsATransportThatThrowsInsteadOfFailingItsFuture() {
        CannedTransport transport = answering(n -> {
            throw new IllegalStateException("boom");
        });
        SferenceException thrown = assertThrows(SferenceException.class,
                () -> send(transport, RetryOptions.NONE, post(RequestBody.ofString("{}"))));
        assertInstanceOf(TransportException.class, thrown);
    }

    @Test
    void neverRetriesAFailureTheTransportCallsFinal() {
        CannedTransport transport = answering(n -> CompletableFuture.failedFuture(
                new TransportException("POST", URL, "invalid request header: authorization", null, false)));
        TransportException thrown = assertThrows(TransportException.class,
                () -> send(transport, NO_JITTER, post(RequestBody.ofString("{}"))));
        assertEquals(1, transport.requests.size());
        assertEquals(false, thrown.retryable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void retriesAnAnswerCutShortAndReadsTheNextOneWhole(String method) {
        CannedTransport transport = answering(n -> CompletableFuture.completedFuture(n == 1
                ? TransportResponse.of(200, Map.of(), new BrokenStream("{\"id\":", new java.io.EOFException("cut")))
                : CannedTransport.response(200, Map.of(), "{\"id\":\"b_1\"}")));
        TransportResponse response = send(transport, NO_JITTER,
                method.equals("POST") ? post(RequestBody.ofString("{}")) : TransportRequest.newBuilder(method, URL).build());
        assertEquals(2, transport.requests.size());
        assertEquals("{\"id\":\"b_1\"}", new String(readAll(response), java.nio.charset.StandardCharsets.UTF_8));
        if (method.equals("POST")) {
            assertEquals(transport.requests.get(0).header("idempotency-key"), transport.requests.get(1).header("idempotency-key"));
        }
    }

    @Test
    void aStalledAnswerEndsAsARetryableTimeoutNamingTheBytesRead() {
        CannedTransport transport = answering(n -> CompletableFuture.completedFuture(TransportResponse.of(200, Map.of(),
                new BrokenStream("{\"id\"", new java.io.InterruptedIOException("no response data for PT1S")))));
        com.sference.RequestTimeoutException thrown = assertThrows(com.sference.RequestTimeoutException.class,
                () -> send(transport, RetryOptions.NONE, TransportRequest.newBuilder("GET", URL).build()));
        assertTrue(thrown.retryable());
        assertTrue(thrown.getMessage().contains("stalled after 5 bytes"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("no response data for PT1S"), thrown.getMessage());
    }

    @Test
    void refusesAnAnswerPastTheCapWithoutReadingItAll() {
        long[] served = {0};
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                served[0] += len;
                return len;
            }
        };
        CannedTransport transport = answering(n -> CompletableFuture.completedFuture(
                TransportResponse.of(200, Map.of(), endless)));
        Pipeline pipeline = Pipeline.standard(new Pipeline.Settings(transport, NO_JITTER, "ua",
                java.util.Optional::empty, System.getLogger("test"), System.Logger.Level.DEBUG, CLOCK, scheduler,
                Runnable::run, 64 * 1024, () -> 0.5));
        CompletionException thrown = assertThrows(CompletionException.class, () -> pipeline.send(
                TransportRequest.newBuilder("GET", URL).build(), CallContext.startingAt(CLOCK.instant())).join());
        com.sference.UnexpectedResponseException cause =
                assertInstanceOf(com.sference.UnexpectedResponseException.class, thrown.getCause());
        assertTrue(cause.getMessage().contains("65536-byte cap"), cause.getMessage());
        assertTrue(served[0] <= 64 * 1024 + 16 * 1024, "read " + served[0]);
        assertEquals(1, transport.requests.size());
    }

    @Test
    void aRefusedScheduleFailsTheCallInsteadOfStrandingIt() {
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        scheduler.shutdownNow();
        com.sference.ClientClosedException thrown = assertThrows(com.sference.ClientClosedException.class,
                () -> send(transport, NO_JITTER, post(RequestBody.ofString("{}"))));
        assertTrue(thrown.getMessage().contains("POST " + URL), thrown.getMessage());
    }

    @Test
    void noRetryStartsPastTheCallsDeadline() {
        CannedTransport transport = answering(n -> CannedTransport.status(503));
        Pipeline pipeline = TestPipelines.standard(transport, NO_JITTER, "ua", java.util.Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, CLOCK, scheduler);
        TransportResponse response = pipeline.send(TransportRequest.newBuilder("GET", URL).build(),
                CallContext.of(CLOCK.instant(), java.util.Optional.of(CLOCK.instant().plusMillis(100)),
                        CallContext.Body.BUFFERED)).join();
        assertEquals(503, response.status());
        assertEquals(1, transport.requests.size(), "the first backoff (500 ms) would end past the deadline");
    }

    @Test
    void cancellingReachesTheTransportsOwnFutureEvenWhenLoggingDerivesAStage() {
        CompletableFuture<TransportResponse> inFlight = new CompletableFuture<>();
        CannedTransport transport = answering(n -> inFlight);
        RecordingLogger logger = new RecordingLogger(new java.util.ArrayList<>());
        Pipeline pipeline = TestPipelines.standard(transport, NO_JITTER, "ua", java.util.Optional::empty,
                logger, System.Logger.Level.INFO, CLOCK, scheduler, () -> 0.5);
        assertTrue(logger.isLoggable(System.Logger.Level.INFO));
        CompletableFuture<TransportResponse> call = pipeline.send(TransportRequest.newBuilder("GET", URL).build(),
                CallContext.startingAt(CLOCK.instant()));
        call.cancel(false);
        assertTrue(inFlight.isCancelled());
    }

    @Test
    void aResponseArrivingAfterCancellationIsClosed() {
        CompletableFuture<TransportResponse> inFlight = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                return false; // a transport whose future ignores cancel
            }
        };
        CannedTransport transport = answering(n -> inFlight);
        Pipeline pipeline = TestPipelines.standard(transport, NO_JITTER, "ua", java.util.Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, CLOCK, scheduler, () -> 0.5);
        CompletableFuture<TransportResponse> call = pipeline.send(TransportRequest.newBuilder("GET", URL).build(),
                new CallContext(CLOCK.instant(), 1, java.util.Optional.empty(), CallContext.Body.STREAMED,
                        new CallCancellation()));
        call.cancel(true);
        boolean[] closed = {false};
        inFlight.complete(TransportResponse.of(200, Map.of(), new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        }));
        assertTrue(closed[0]);
    }

    private static byte[] readAll(TransportResponse response) {
        try (response) {
            return response.body().readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Serves some bytes, then fails with {@code failure}. */
    private static final class BrokenStream extends java.io.InputStream {
        private final ByteArrayInputStream head;
        private final java.io.IOException failure;

        BrokenStream(String head, java.io.IOException failure) {
            this.head = new ByteArrayInputStream(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            this.failure = failure;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = head.read();
            if (b == -1) {
                throw failure;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = head.read(b, off, len);
            if (n == -1) {
                throw failure;
            }
            return n;
        }
    }
}
