package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ClientClosedException;
import com.sference.EventCursor;
import com.sference.InternalServerException;
import com.sference.RequestTimeoutException;
import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.TailOptions;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.model.Batch;
import com.sference.model.InferenceRequest;
import com.sference.model.Stream;
import com.sference.testkit.BadAnswer;
import com.sference.testkit.RecordedRequest;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every call ends, over every transport against the emulator: bad answers, stalls, cut and lost
 * answers, redirects, closing the client, and following a finished stream.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class EveryCallEndsTest extends EmulatorPerClass {
    private String batchId;

    @BeforeEach
    void createBatch() {
        emulator.faults().reset();
        batchId = client.batches().submit(List.of(InferenceRequest.chat("r", MODEL, "hi"))).id();
        emulator.clearRequests();
    }

    @AfterEach
    void clearFaults() {
        emulator.faults().reset();
    }

    private SferenceClient.Builder quick() {
        return Transports.builder(emulator, transport).maxRetries(0);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void answersThatAreNotABatchFailTypedNamingMethodAndUrl() {
        List<BadAnswer> answers = List.of(BadAnswer.invalidJson(), BadAnswer.truncatedJson(), BadAnswer.htmlPage(200),
                BadAnswer.emptyBody(), BadAnswer.jsonArray(), BadAnswer.wrongTypes());
        try (SferenceClient quick = quick().build()) {
            for (BadAnswer answer : answers) {
                emulator.faults().on("GET", "/v1/batches/").answerNext(1, answer);
                UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                        () -> quick.batches().get(batchId), answer.toString());
                assertTrue(thrown.getMessage().contains("GET " + emulator.baseUrl() + "/v1/batches/" + batchId),
                        thrown.getMessage());
                assertTrue(thrown.getMessage().length() < 2000);
            }
            assertEquals(batchId, quick.batches().get(batchId).id(), "the connection pool is still healthy");
        }
    }

    @Test
    void anHtmlErrorPageIsAnApiErrorWithABoundedBody() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.htmlPage(502));
        try (SferenceClient quick = quick().build()) {
            InternalServerException thrown = assertThrows(InternalServerException.class,
                    () -> quick.batches().get(batchId));
            assertEquals(502, thrown.status());
        }
    }

    @Test
    void aHugeAnswerWhereABatchBelongsStopsAtTheCap() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.hugeBody(100L * 1024 * 1024));
        try (SferenceClient quick = quick().maxResponseBytes(1024 * 1024).build()) {
            UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                    () -> quick.batches().get(batchId));
            assertTrue(thrown.getMessage().contains("1048576-byte cap"), thrown.getMessage());
        }
    }

    @Test
    void aBodyThatStallsEndsWithinTheReadTimeout() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.stalledBody(Duration.ofSeconds(4)));
        try (SferenceClient quick = quick().readTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            RequestTimeoutException thrown = assertThrows(RequestTimeoutException.class,
                    () -> quick.batches().get(batchId));
            assertTrue(millisSince(start) < 3_000, "ended after " + millisSince(start) + " ms");
            assertTrue(thrown.retryable());
        }
    }

    @Test
    void aBodyThatNeverEndsEndsAtTheCallDeadline() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.endlessBody(Duration.ofSeconds(30)));
        try (SferenceClient quick = quick().callTimeout(Duration.ofSeconds(2)).build()) {
            long start = System.nanoTime();
            RequestTimeoutException thrown = assertThrows(RequestTimeoutException.class,
                    () -> quick.batches().get(batchId));
            assertTrue(millisSince(start) < 4_000, "ended after " + millisSince(start) + " ms");
            assertTrue(thrown.getMessage().contains("deadline"), thrown.getMessage());
        }
    }

    @Test
    void aDownloadThatStallsEndsWithinTheReadTimeoutAndWritesNothing(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("results.jsonl");
        java.nio.file.Files.writeString(file, "earlier\n");
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.stalledBody(Duration.ofSeconds(4)));
        try (SferenceClient quick = quick().readTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            assertThrows(RequestTimeoutException.class, () -> quick.batches().downloadResults(batchId, file));
            assertTrue(millisSince(start) < 3_000, "ended after " + millisSince(start) + " ms");
        }
        assertEquals("earlier\n", java.nio.file.Files.readString(file));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aDownloadThatNeverEndsEndsAtTheCallDeadline() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.endlessBody(Duration.ofSeconds(30)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (SferenceClient quick = quick().callTimeout(Duration.ofSeconds(2)).build()) {
            long start = System.nanoTime();
            RequestTimeoutException thrown = assertThrows(RequestTimeoutException.class,
                    () -> quick.batches().downloadResults(batchId, out));
            assertTrue(millisSince(start) < 4_000, "ended after " + millisSince(start) + " ms");
            assertTrue(thrown.getMessage().contains("deadline"), thrown.getMessage());
        }
    }

    @Test
    void aCutAnswerToAGetIsRetried() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.cutBody());
        assertEquals(batchId, client.batches().get(batchId).id());
        assertEquals(2, emulator.requests().size());
    }

    @Test
    void aPostWhoseAnswerIsLostAfterTheServerActedIsRetriedWithItsKeyAndCreatesOneBatch() {
        int before = client.batches().list().size();
        emulator.clearRequests();
        emulator.faults().on("POST", "/v1/batches").dropNextAfterHandling(1);
        Batch batch = client.batches().submit(List.of(InferenceRequest.chat("r", MODEL, "once")));
        List<RecordedRequest> posts = emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/batches")).toList();
        assertEquals(2, posts.size());
        assertEquals(posts.get(0).header("idempotency-key"), posts.get(1).header("idempotency-key"));
        assertEquals(before + 1, client.batches().list().size());
        assertEquals(batch.id(), client.batches().get(batch.id()).id());
    }

    @Test
    void aRedirectIsNotFollowedAndNamesItsLocation() {
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.redirect("https://elsewhere.example/x"));
        UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                () -> client.batches().get(batchId));
        assertEquals(302, thrown.status());
        assertTrue(thrown.getMessage().contains("https://elsewhere.example/x"), thrown.getMessage());
        assertEquals(1, emulator.requests().size());
    }

    @Test
    void closeEndsACallInRetryBackoffWithinASecond() throws Exception {
        emulator.faults().on("GET", "/v1/batches/").failNext(1, 503, Duration.ofSeconds(30));
        SferenceClient closing = Transports.client(emulator, transport);
        CompletableFuture<Batch> call = CompletableFuture.supplyAsync(() -> closing.batches().get(batchId));
        awaitRequests(1);
        long start = System.nanoTime();
        closing.close();
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ClientClosedException.class, thrown.getCause());
        assertTrue(millisSince(start) < 1_000, "closed after " + millisSince(start) + " ms");
        assertThrows(ClientClosedException.class, () -> closing.batches().get(batchId));
    }

    @Test
    void closeEndsAFollowerInItsLongPollWithinASecond() throws Exception {
        Stream stream = client.streams().create("close-me");
        SferenceClient closing = Transports.client(emulator, transport);
        EventCursor cursor = closing.streams().follow(stream.id(),
                TailOptions.builder().longPollWait(Duration.ofSeconds(20)).build());
        CompletableFuture<Boolean> hasNext = CompletableFuture.supplyAsync(cursor::hasNext);
        awaitLongPoll(stream.id());
        long start = System.nanoTime();
        closing.close();
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> hasNext.get(2, TimeUnit.SECONDS));
        assertInstanceOf(SferenceException.class, thrown.getCause());
        assertTrue(millisSince(start) < 1_500, "closed after " + millisSince(start) + " ms");
    }

    @Test
    void followingAClosedDrainedStreamEndsWithoutALongPoll() {
        Stream stream = client.streams().create("done");
        client.streams().archive(stream.id());
        long start = System.nanoTime();
        try (EventCursor cursor = client.streams().follow(stream.id(),
                TailOptions.builder().longPollWait(Duration.ofSeconds(20)).build())) {
            assertFalse(cursor.hasNext());
        }
        assertTrue(millisSince(start) < 3_000, "ended after " + millisSince(start) + " ms");
    }

    @Test
    void aKeyTheHeaderRulesRefuseIsNeverSentNorRetried() {
        try (SferenceClient bad = SferenceClient.builder().baseUrl(emulator.baseUrl()).apiKey("sk_caf\u00e9")
                .transport(transport).build()) {
            long start = System.nanoTime();
            TransportException thrown = assertThrows(TransportException.class, () -> bad.batches().get(batchId));
            assertFalse(thrown.retryable());
            assertFalse(thrown.getMessage().contains("caf"), thrown.getMessage());
            assertTrue(millisSince(start) < 1_000, "took " + millisSince(start) + " ms: retried?");
        }
        assertEquals(0, emulator.requests().size());
    }

    @Test
    void aRefusedConnectionNamesTheRootCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (SferenceClient refused = SferenceClient.builder().baseUrl("http://127.0.0.1:" + port)
                .transport(transport).maxRetries(1).build()) {
            TransportException thrown = assertThrows(TransportException.class, () -> refused.batches().get("b_1"));
            assertTrue(thrown.retryable());
            assertTrue(thrown.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection refused"),
                    thrown.getMessage());
            assertEquals(1, thrown.getSuppressed().length, "retried once");
        }
    }

    private static void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emulator.requests().size() < count) {
            assertTrue(System.nanoTime() < deadline, "no request arrived");
            Thread.sleep(10);
        }
    }

    private static void awaitLongPoll(String streamId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emulator.requests().stream().noneMatch(
                r -> r.path().contains(streamId + "/events") && r.path().contains("wait_ms="))) {
            assertTrue(System.nanoTime() < deadline, "no long-poll arrived");
            Thread.sleep(10);
        }
        Thread.sleep(100); // the long-poll is now held by the server
    }
}
