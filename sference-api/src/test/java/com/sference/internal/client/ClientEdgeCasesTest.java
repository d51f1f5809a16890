package com.sference.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ClientClosedException;
import com.sference.NotFoundException;
import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.TransportException;
import com.sference.UnexpectedResponseException;
import com.sference.model.Batch;
import com.sference.model.BatchStatus;
import com.sference.model.WaitOptions;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client at the edges: closing, waits through failures, answers that are not what they claim. */
class ClientEdgeCasesTest {
    private static final String BATCH = "{\"id\":\"b_1\",\"status\":\"%s\",\"request_count\":1}";

    /** A transport answering each request from a script, by request number from 1. */
    private static final class Scripted implements Transport {
        final List<TransportRequest> requests = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<TransportResponse>> futures = new CopyOnWriteArrayList<>();
        private final Function<Integer, CompletableFuture<TransportResponse>> script;

        Scripted(Function<Integer, CompletableFuture<TransportResponse>> script) {
            this.script = script;
        }

        @Override
        public CompletableFuture<TransportResponse> send(TransportRequest request) {
            requests.add(request);
            CompletableFuture<TransportResponse> future = script.apply(requests.size());
            futures.add(future);
            return future;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void close() {}
    }

    private static CompletableFuture<TransportResponse> answer(int status, Map<String, List<String>> headers,
            String body) {
        return CompletableFuture.completedFuture(TransportResponse.of(status, headers,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static CompletableFuture<TransportResponse> answer(int status, String body) {
        return answer(status, Map.of(), body);
    }

    private static SferenceClient client(Transport transport) {
        return SferenceClient.builder().baseUrl("http://127.0.0.1:9").apiKey("sk_test").transport(transport).build();
    }

    @Test
    void closeFailsACallWaitingInRetryBackoffWithinASecond() throws Exception {
        Scripted transport = new Scripted(n -> answer(503, Map.of("retry-after", List.of("30")), ""));
        SferenceClient client = client(transport);
        CompletableFuture<Batch> call = CompletableFuture.supplyAsync(() -> client.batches().get("b_1"));
        waitUntil(() -> transport.requests.size() == 1);
        long start = System.nanoTime();
        client.close();
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ClientClosedException.class, thrown.getCause());
        assertTrue(thrown.getCause().getMessage().contains("GET http://127.0.0.1:9/v1/batches/b_1"),
                thrown.getCause().getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        assertEquals(1, transport.requests.size());
    }

    @Test
    void closeFailsAWaitBetweenPollsAndCancelsAnExchangeInFlight() throws Exception {
        CompletableFuture<TransportResponse> hanging = new CompletableFuture<>();
        Scripted transport = new Scripted(n -> n == 1 ? answer(200, BATCH.formatted("running")) : hanging);
        SferenceClient client = client(transport);
        CompletableFuture<Batch> wait = client.async().batches().waitForCompletion("b_1",
                WaitOptions.of(Duration.ofMillis(50), Duration.ofHours(1)));
        waitUntil(() -> transport.requests.size() == 2);
        client.close();
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> wait.get(1, TimeUnit.SECONDS));
        assertInstanceOf(ClientClosedException.class, thrown.getCause());
        waitUntil(hanging::isCancelled);
    }

    @Test
    void aCallAfterCloseFailsAtOnceAndSendsNothing() {
        Scripted transport = new Scripted(n -> answer(200, BATCH.formatted("running")));
        SferenceClient client = client(transport);
        client.close();
        assertThrows(ClientClosedException.class, () -> client.batches().get("b_1"));
        assertThrows(ClientClosedException.class, () -> client.batches().waitForCompletion("b_1"));
        assertEquals(0, transport.requests.size());
    }

    @Test
    void aWaitPollsOnThroughTransientFailuresUntilTheJobEnds() {
        Scripted transport = new Scripted(n -> switch (n) {
            case 1 -> CompletableFuture.failedFuture(new TransportException("GET",
                    java.net.URI.create("http://127.0.0.1:9/v1/batches/b_1"), "connection failed: Connection refused",
                    null, true));
            case 2 -> answer(503, "{\"detail\":\"busy\"}");
            case 3 -> answer(200, Map.of("content-type", List.of("text/html")), "<html>proxy error</html>");
            case 4 -> answer(200, BATCH.formatted("running"));
            default -> answer(200, BATCH.formatted("completed"));
        });
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(transport)
                .maxRetries(0).build()) {
            Batch done = client.batches().waitForCompletion("b_1", WaitOptions.of(Duration.ofMillis(10),
                    Duration.ofSeconds(30)));
            assertEquals(BatchStatus.COMPLETED, done.status());
            assertEquals(5, transport.requests.size());
        }
    }

    @Test
    void aFinalAnswerEndsAWaitAtOnce() {
        Scripted transport = new Scripted(n -> answer(404, "{\"detail\":\"no such batch\"}"));
        try (SferenceClient client = client(transport)) {
            assertThrows(NotFoundException.class, () -> client.batches().waitForCompletion("b_1",
                    WaitOptions.of(Duration.ofMillis(10), Duration.ofSeconds(30))));
            assertEquals(1, transport.requests.size());
        }
    }

    @Test
    void aRedirectIsNeverSuccessAndNamesItsLocation() {
        Scripted transport = new Scripted(n -> answer(302, Map.of("location", List.of("https://elsewhere.example/x")), ""));
        try (SferenceClient client = client(transport)) {
            UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                    () -> client.batches().get("b_1"));
            assertEquals(302, thrown.status());
            assertTrue(thrown.getMessage().contains("https://elsewhere.example/x"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("GET http://127.0.0.1:9/v1/batches/b_1"), thrown.getMessage());
            assertEquals(1, transport.requests.size(), "not followed");
        }
    }

    @Test
    void aRedirectedDownloadLeavesTheExistingFileAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "earlier results\n");
        Scripted transport = new Scripted(n -> answer(302, Map.of("location", List.of("/elsewhere")), ""));
        try (SferenceClient client = client(transport)) {
            assertThrows(UnexpectedResponseException.class, () -> client.batches().downloadResults("b_1", file));
        }
        assertEquals("earlier results\n", Files.readString(file));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aDownloadIntoAMissingDirectoryNamesTheDirectoryAndSendsNothing(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");
        Scripted transport = new Scripted(n -> answer(200, "{}\n"));
        try (SferenceClient client = client(transport)) {
            SferenceException thrown = assertThrows(SferenceException.class,
                    () -> client.batches().downloadResults("b_1", missing.resolve("results.jsonl")));
            assertTrue(thrown.getMessage().contains("the directory " + missing + " does not exist"), thrown.getMessage());
            assertFalse(thrown.getMessage().contains(".part"), thrown.getMessage());
        }
        assertEquals(0, transport.requests.size());
    }

    @Test
    void answersThatAreNotTheExpectedObjectFailTypedNamingMethodAndUrl() {
        List<String> bodies = List.of("", "[1,2,3]", "{\"id\": oops}", "{\"id\":\"b_1\"", "<html>hi</html>",
                "{\"id\": 42, \"status\": {\"x\": 1}, \"created_at\": true}", "{\"id\":\"b_1\"} trailing", "null");
        for (String body : bodies) {
            Scripted transport = new Scripted(n -> answer(200, body));
            try (SferenceClient client = client(transport)) {
                UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                        () -> client.batches().get("b_1"), body);
                assertTrue(thrown.getMessage().contains("GET http://127.0.0.1:9/v1/batches/b_1"), thrown.getMessage());
                assertEquals(200, thrown.status());
            }
        }
    }

    @Test
    void aHugeArrayWhereAnObjectBelongsGivesABoundedMessage() {
        String huge = "[" + "1,".repeat(2 * 1024 * 1024) + "1]";
        Scripted transport = new Scripted(n -> answer(200, huge));
        try (SferenceClient client = client(transport)) {
            UnexpectedResponseException thrown = assertThrows(UnexpectedResponseException.class,
                    () -> client.batches().get("b_1"));
            assertTrue(thrown.getMessage().length() < 2000, "message of " + thrown.getMessage().length());
            assertTrue(String.valueOf(thrown).length() < 4000);
        }
    }

    @Test
    void unknownFieldsAndStatusesStillSucceed() {
        Scripted transport = new Scripted(n -> answer(200,
                "{\"id\":\"b_1\",\"status\":\"thinking\",\"request_count\":1,\"extra\":{\"a\":[1]}}"));
        try (SferenceClient client = client(transport)) {
            Batch batch = client.batches().get("b_1");
            assertEquals(BatchStatus.UNKNOWN, batch.status());
            assertEquals("thinking", batch.statusText());
        }
    }

    @Test
    void aFailedPostCarriesTheIdempotencyKeyItWasSentWith() {
        Scripted transport = new Scripted(n -> answer(503, "{\"detail\":\"busy\"}"));
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(transport)
                .retry(com.sference.RetryOptions.DEFAULT.withJitter(0).withMaxRetries(1)).build()) {
            SferenceException thrown = assertThrows(SferenceException.class, () -> client.batches().cancel("b_1"));
            String key = transport.requests.get(0).header("idempotency-key").orElseThrow();
            assertEquals(key, transport.requests.get(1).header("idempotency-key").orElseThrow());
            assertEquals(java.util.Optional.of(key), thrown.idempotencyKey());
        }
    }

    @Test
    void aWorkloadLineLongerThanTheBuildersMaximumIsRefusedNamingItsLineAndNothingIsSent(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("work.jsonl");
        Files.writeString(file, "{\"content\":\"short\"}\n{\"content\":\"" + "x".repeat(2000) + "\"}\n");
        Scripted transport = new Scripted(n -> answer(200, BATCH.formatted("pending")));
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(transport)
                .maxJsonlLineBytes(1024).build()) {
            com.sference.JsonlException thrown = assertThrows(com.sference.JsonlException.class,
                    () -> client.batches().submit(file, "m"));
            assertEquals(2, thrown.line());
            assertTrue(thrown.getMessage().contains("1024"), thrown.getMessage());
        }
        assertEquals(0, transport.requests.size());
    }

    @Test
    void aTransportFailingWithAnUncheckedExceptionSurfacesAsSferenceException() {
        Scripted transport = new Scripted(n -> CompletableFuture.failedFuture(new IllegalStateException("closed")));
        try (SferenceClient client = client(transport)) {
            SferenceException thrown = assertThrows(SferenceException.class, () -> client.batches().get("b_1"));
            assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
        }
    }

    @Test
    void everyPostGetsItsOwnIdempotencyKeyAndAGetNone() {
        Scripted transport = new Scripted(n -> answer(200, BATCH.formatted("cancelled")));
        try (SferenceClient client = client(transport)) {
            client.batches().cancel("b_1");
            client.batches().cancel("b_1");
            client.batches().get("b_1");
        }
        String first = transport.requests.get(0).header("idempotency-key").orElseThrow();
        assertFalse(first.equals(transport.requests.get(1).header("idempotency-key").orElseThrow()));
        assertTrue(transport.requests.get(2).header("idempotency-key").isEmpty());
    }

    @Test
    void theCallTimeoutEndsAHangingCallAndCancelsItsExchange() throws Exception {
        CompletableFuture<TransportResponse> hanging = new CompletableFuture<>();
        Scripted transport = new Scripted(n -> hanging);
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(transport)
                .callTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            com.sference.RequestTimeoutException thrown = assertThrows(com.sference.RequestTimeoutException.class,
                    () -> client.batches().get("b_1"));
            assertTrue(thrown.getMessage().contains("deadline"), thrown.getMessage());
            assertFalse(thrown.retryable());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            waitUntil(hanging::isCancelled);
        }
    }

    @Test
    void aLongPollGetsItsWaitOnTopOfTheCallTimeout() {
        Scripted transport = new Scripted(n -> {
            CompletableFuture<TransportResponse> later = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS).execute(() -> later.complete(
                    TransportResponse.of(200, Map.of(), new ByteArrayInputStream(
                            "{\"object\":\"list\",\"data\":[],\"has_more\":false}".getBytes(StandardCharsets.UTF_8)))));
            return later;
        });
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(transport)
                .callTimeout(Duration.ofMillis(300)).build()) {
            assertEquals(0, client.streams().events("s_1", new com.sference.model.EventQuery(10, null, null, 2000))
                    .data().size());
        }
    }

    @Test
    void cancellingAnOperationBuiltOnAnotherCancelsItsExchange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("work.jsonl");
        Files.writeString(file, "{\"content\":\"hi\"}\n");
        List<java.util.function.Function<SferenceClient, CompletableFuture<?>>> operations = List.of(
                c -> c.async().batches().list(),
                c -> c.async().streams().list(),
                c -> c.async().batches().submit(file, "m"),
                c -> c.async().auth().login("ada", "pw"),
                c -> c.async().responses().createAndWait(com.sference.model.CreateResponseRequest.ask("m", "hi")));
        for (java.util.function.Function<SferenceClient, CompletableFuture<?>> operation : operations) {
            CompletableFuture<TransportResponse> hanging = new CompletableFuture<>();
            Scripted transport = new Scripted(n -> hanging);
            try (SferenceClient client = client(transport)) {
                CompletableFuture<?> call = operation.apply(client);
                waitUntil(() -> transport.requests.size() == 1);
                call.cancel(true);
                waitUntil(hanging::isCancelled);
            }
        }
    }

    @Test
    void submittingAFileAfterCloseFailsAtOnceWithClientClosed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("work.jsonl");
        Files.writeString(file, "{\"content\":\"hi\"}\n");
        Scripted transport = new Scripted(n -> answer(200, BATCH.formatted("pending")));
        SferenceClient client = client(transport);
        client.close();
        assertThrows(ClientClosedException.class, () -> client.batches().submit(file, "m"));
        assertEquals(0, transport.requests.size());
    }

    @Test
    void aPasswordIsNeverSentOverPlainHttpToARemoteHost() {
        Scripted transport = new Scripted(n -> answer(200, "{\"access_token\":\"t\",\"token_type\":\"bearer\"}"));
        try (SferenceClient client = SferenceClient.builder().baseUrl("HTTP://api.example.com").transport(transport)
                .build()) {
            SferenceException thrown = assertThrows(SferenceException.class, () -> client.auth().login("ada", "pw"));
            assertTrue(thrown.getMessage().contains("plain http"), thrown.getMessage());
        }
        assertEquals(0, transport.requests.size());
    }

    @Test
    void aWaitEndsAtItsDeadlineEvenWhileAPollHangs() throws Exception {
        CompletableFuture<TransportResponse> hanging = new CompletableFuture<>();
        Scripted transport = new Scripted(n -> hanging);
        try (SferenceClient client = client(transport)) {
            long start = System.nanoTime();
            assertThrows(com.sference.WaitTimeoutException.class, () -> client.batches().waitForCompletion("b_1",
                    WaitOptions.of(Duration.ofMillis(50), Duration.ofMillis(300))));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            waitUntil(hanging::isCancelled);
        }
    }

    @Test
    void aFailureReachesTheCallersCallbacksOnAnIoThreadNotTheTransports() throws Exception {
        java.util.concurrent.ExecutorService transportThread = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "transport-io"));
        try {
            CountDownLatch registered = new CountDownLatch(1);
            Scripted transport = new Scripted(n -> CompletableFuture.supplyAsync(() -> {
                try {
                    registered.await(5, TimeUnit.SECONDS); // fail only once the caller's callback waits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new TransportException("GET", java.net.URI.create("http://127.0.0.1:9/x"), "reset", null, false);
            }, transportThread));
            try (SferenceClient client = client(transport)) {
                CompletableFuture<String> thread = new CompletableFuture<>();
                client.async().batches().get("b_1").whenComplete((batch, failure) ->
                        thread.complete(Thread.currentThread().getName()));
                registered.countDown();
                assertTrue(thread.get(5, TimeUnit.SECONDS).startsWith("sference-io"), thread.get());
            }
        } finally {
            transportThread.shutdownNow();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition not met within 10 s");
            Thread.sleep(5);
        }
    }
}
