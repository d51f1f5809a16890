package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ConflictException;
import com.sference.JsonlException;
import com.sference.NotFoundException;
import com.sference.SferenceClient;
import com.sference.WaitTimeoutException;
import com.sference.model.Batch;
import com.sference.model.BatchResultItem;
import com.sference.model.BatchResults;
import com.sference.model.BatchStatus;
import com.sference.model.InferenceRequest;
import com.sference.model.ResponseStatus;
import com.sference.model.WaitOptions;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class BatchesTest {
    static final WaitOptions QUICK = WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(20));
    static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";

    @Parameter
    String transport;

    static SferenceEmulator emulator;
    /** Its jobs stay pending for the whole test, for what must be seen before the end. */
    static SferenceEmulator frozen;
    SferenceClient client;
    SferenceClient frozenClient;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ofMillis(40)).build());
        frozen = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ofHours(1)).build());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
        frozen.close();
    }

    @BeforeEach
    void connect() {
        client = Transports.client(emulator, transport);
        frozenClient = Transports.client(frozen, transport);
    }

    @AfterEach
    void disconnect() {
        client.close();
        frozenClient.close();
    }

    private Path workload(String... lines) throws Exception {
        Path file = dir.resolve("workload.jsonl");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void submitsAListWaitsAndReadsEchoedResultsInOrder() {
        Batch submitted = client.batches().submit(List.of(
                InferenceRequest.chat("a", MODEL, "hello there"),
                InferenceRequest.chat("b", MODEL, "Grüße 👋")));
        assertEquals(BatchStatus.PENDING, submitted.status());
        assertEquals(2, submitted.requestCount());
        assertEquals("24h", submitted.window());

        List<BatchStatus> seen = new CopyOnWriteArrayList<>();
        Batch done = client.batches().waitForCompletion(submitted.id(), QUICK, batch -> seen.add(batch.status()));
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertNotNull(done.completedAt());
        assertEquals(BatchStatus.COMPLETED, seen.get(seen.size() - 1));
        assertTrue(seen.size() >= 2, "progress saw " + seen);

        BatchResults results = client.batches().results(done.id());
        assertTrue(results.isReady());
        assertEquals(emulator.baseUrl() + "/v1/batches/" + done.id() + "/results.jsonl", results.outputUrl());
        List<BatchResultItem> items = results.results();
        assertEquals(List.of("a", "b"), items.stream().map(BatchResultItem::customId).toList());
        assertEquals("echo: hello there", items.get(0).text().orElseThrow());
        assertEquals("echo: Grüße 👋", items.get(1).text().orElseThrow());
        assertEquals(ResponseStatus.COMPLETED, items.get(0).status());
        assertEquals(items.stream().mapToLong(BatchResultItem::totalTokens).sum(), done.totalTokens());
    }

    @Test
    void submitsAJsonlFileOfBothFormats() throws Exception {
        Path file = workload(
                "{\"custom_id\":\"env-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                        + "\"body\":{\"model\":\"other/model\",\"messages\":[{\"role\":\"user\",\"content\":\"first\"}]}}",
                "",
                "{\"content\":\"third line\"}",
                "{\"content\":\"fourth\",\"custom_id\":\"mine\"}");
        Batch done = client.batches().waitForCompletion(client.batches().submit(file, MODEL).id(), QUICK);
        List<BatchResultItem> items = client.batches().results(done.id()).results();
        assertEquals(List.of("env-1", "request-3", "mine"), items.stream().map(BatchResultItem::customId).toList());
        assertEquals(List.of("echo: first", "echo: third line", "echo: fourth"),
                items.stream().map(item -> item.text().orElseThrow()).toList());
    }

    @Test
    void invalidJsonlNamesFileAndLineAndSendsNothing() throws Exception {
        Path file = workload("{\"content\":\"fine\"}", "{\"content\": broken", "{\"content\":\"fine\"}");
        emulator.clearRequests();
        JsonlException e = assertThrows(JsonlException.class, () -> client.batches().submit(file, MODEL));
        assertEquals(2, e.line());
        assertEquals(file, e.path());
        assertTrue(e.getMessage().startsWith(file + ":2"), e.getMessage());
        assertTrue(emulator.requests().isEmpty(), "sent " + emulator.requests());
    }

    @Test
    void contentLinesWithoutAModelAreRejectedBeforeSending() throws Exception {
        Path file = workload("{\"content\":\"needs a model\"}");
        emulator.clearRequests();
        JsonlException e = assertThrows(JsonlException.class, () -> client.batches().submit(file));
        assertEquals(1, e.line());
        assertTrue(emulator.requests().isEmpty());
    }

    @Test
    void downloadsResultsJsonlToAFileAndAStream() throws Exception {
        Batch done = client.batches().waitForCompletion(client.batches().submit(List.of(
                InferenceRequest.chat("x", MODEL, "one"), InferenceRequest.chat("y", MODEL, "two"))).id(), QUICK);
        Path target = dir.resolve("results.jsonl");
        Files.writeString(target, "old content that must be replaced");
        long written = client.batches().downloadResults(done.id(), target);
        List<String> lines = Files.readAllLines(target);
        assertEquals(Files.size(target), written);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"custom_id\":\"x\""), lines.get(0));
        assertTrue(lines.get(1).contains("echo: two"), lines.get(1));
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(), leftovers.filter(p -> p.toString().endsWith(".part")).toList());
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(written, client.batches().downloadResults(done.id(), out));
        assertEquals(Files.readString(target), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resultsBeforeTheEndAreEmptyAndTheirJsonlIsAConflict() {
        Batch batch = frozenClient.batches().submit(List.of(InferenceRequest.chat(null, MODEL, "slow")));
        BatchResults early = frozenClient.batches().results(batch.id());
        assertFalse(early.isReady());
        assertNull(early.outputUrl());
        ConflictException e = assertThrows(ConflictException.class,
                () -> frozenClient.batches().downloadResults(batch.id(), new ByteArrayOutputStream()));
        assertEquals(409, e.status());
    }

    @Test
    void cancelsARunningBatchAndLeavesATerminalOneAlone() {
        Batch batch = frozenClient.batches().submit(List.of(InferenceRequest.chat("c", MODEL, "cancel me")));
        Batch cancelled = frozenClient.batches().cancel(batch.id());
        assertEquals(BatchStatus.CANCELLED, cancelled.status());
        assertNotNull(cancelled.completedAt());
        assertEquals(cancelled, frozenClient.batches().cancel(batch.id()));
        assertEquals(BatchStatus.CANCELLED, frozenClient.batches().get(batch.id()).status());
    }

    @Test
    void aBatchWhoseEveryRequestFailsEndsFailed() {
        Batch done = client.batches().waitForCompletion(client.batches().submit(List.of(
                InferenceRequest.chat("f", "sference/fail", "x"))).id(), QUICK);
        assertEquals(BatchStatus.FAILED, done.status());
        BatchResultItem item = client.batches().results(done.id()).results().get(0);
        assertEquals(ResponseStatus.FAILED, item.status());
        assertNotNull(item.error().message());
    }

    @Test
    void listsBatchesNewestFirst() {
        Batch first = client.batches().submit(List.of(InferenceRequest.chat(null, MODEL, "1")));
        Batch second = client.batches().submit(List.of(InferenceRequest.chat(null, MODEL, "2")));
        List<String> ids = new ArrayList<>(client.batches().list().stream().map(Batch::id).toList());
        assertTrue(ids.indexOf(second.id()) < ids.indexOf(first.id()), ids.toString());
    }

    @Test
    void unknownBatchIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.batches().get("b_does_not_exist"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("GET " + emulator.baseUrl() + "/v1/batches/b_does_not_exist"), e.getMessage());
    }

    @Test
    void waitingTooLongThrowsWithTheLastStatus() {
        Batch batch = frozenClient.batches().submit(List.of(InferenceRequest.chat(null, MODEL, "x")));
        WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> frozenClient.batches()
                .waitForCompletion(batch.id(), WaitOptions.of(Duration.ofMillis(5), Duration.ofMillis(10))));
        assertEquals(batch.id(), e.id());
        assertEquals("pending", e.lastStatus());
    }

    @Test
    void anEmptyListIsRejectedLocally() {
        assertThrows(IllegalArgumentException.class, () -> client.batches().submit(List.of()));
    }
}
