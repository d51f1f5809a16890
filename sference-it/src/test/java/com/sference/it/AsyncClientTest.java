package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.JsonlException;
import com.sference.NotFoundException;
import com.sference.SferenceAsyncClient;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.BatchStatus;
import com.sference.model.Caller;
import com.sference.model.CreateResponseRequest;
import com.sference.model.EventPage;
import com.sference.model.InferenceRequest;
import com.sference.model.Response;
import com.sference.model.ResponsePage;
import com.sference.model.ResponseQuery;
import com.sference.model.Stream;
import com.sference.model.StreamStatus;
import com.sference.model.WaitOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class AsyncClientTest extends EmulatorPerClass {
    static final WaitOptions QUICK = WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(20));

    @TempDir
    Path dir;

    private SferenceAsyncClient async() {
        return client.async();
    }

    @Test
    void batchLifecycleWithoutBlocking() throws Exception {
        Path file = dir.resolve("w.jsonl");
        Files.writeString(file, "{\"content\":\"a\"}\n{\"content\":\"b\",\"custom_id\":\"B\"}\n");
        CompletableFuture<BatchResults> flow = async().batches().submit(file, MODEL)
                .thenCompose(batch -> async().batches().waitForCompletion(batch.id(), QUICK))
                .thenCompose(done -> async().batches().results(done.id()));
        BatchResults results = flow.get();
        assertEquals(BatchStatus.COMPLETED, results.status());
        assertEquals(List.of("request-1", "B"), results.results().stream().map(r -> r.customId()).toList());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bytes = async().batches().downloadResults(results.batchId(), out).get();
        assertEquals(out.size(), bytes);
        Path copy = dir.resolve("copy.jsonl");
        assertEquals(bytes, async().batches().downloadResults(results.batchId(), copy).get());

        List<Batch> all = async().batches().list().get();
        assertTrue(all.stream().anyMatch(b -> b.id().equals(results.batchId())));
        Batch cancelled = async().batches().submit(List.of(InferenceRequest.chat(null, MODEL, "x")))
                .thenCompose(b -> async().batches().cancel(b.id())).get();
        assertTrue(cancelled.isTerminal());
        assertEquals(cancelled.id(), async().batches().get(cancelled.id()).get().id());
    }

    @Test
    void invalidJsonlFailsTheFuture() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "[1,2]\n");
        CompletionException e = assertThrows(CompletionException.class, () -> async().batches().submit(file, MODEL).join());
        assertInstanceOf(JsonlException.class, e.getCause());
    }

    @Test
    void responsesAndStreamsWithoutBlocking() throws Exception {
        Stream stream = async().streams().create("async").get();
        Response done = async().responses().createAndWait(CreateResponseRequest.builder(MODEL)
                .input(com.sference.model.InputMessage.user("hi")).streamId(stream.id()).build(), QUICK).get();
        assertEquals("echo: hi", done.outputText());
        assertEquals(done.id(), async().responses().get(done.id()).get().id());
        ResponsePage page = async().responses().list(ResponseQuery.ofStream(stream.id())).get();
        assertEquals(done.id(), page.data().get(0).id());
        EventPage events = async().streams().events(stream.id()).get();
        assertEquals(done.id(), events.data().get(0).completionId());
        assertEquals(1, async().streams().get(stream.id()).get().completedItems());
        assertTrue(async().streams().list().get().stream().anyMatch(s -> s.id().equals(stream.id())));
        Response other = async().responses().create(CreateResponseRequest.ask(MODEL, "x")).get();
        assertEquals(other.id(), async().responses().cancel(other.id()).get().id());
        assertEquals(other.id(), async().responses().waitForCompletion(other.id(), QUICK).get().id());
        assertEquals(StreamStatus.ARCHIVED, async().streams().archive(stream.id()).get().status());
        Stream second = async().streams().create("async-2").get();
        assertEquals(StreamStatus.CANCELLED, async().streams().cancel(second.id()).get().status());
        Caller me = async().auth().me().get();
        assertFalse(me.id().isEmpty());
    }

    @Test
    void errorsFailTheFutureWithTheTypedException() {
        CompletionException e = assertThrows(CompletionException.class, () -> async().batches().get("b_missing").join());
        assertInstanceOf(NotFoundException.class, e.getCause());
    }

    @Test
    void cancellingAWaitStopsPolling() throws Exception {
        Batch batch = async().batches().submit(List.of(InferenceRequest.chat(null, MODEL, "x"))).get();
        CompletableFuture<Batch> waiting = async().batches()
                .waitForCompletion(batch.id(), WaitOptions.of(Duration.ofMillis(20), Duration.ofMinutes(5)), b -> { });
        waiting.cancel(true);
        assertThrows(CancellationException.class, waiting::join);
    }

    @Test
    void aLoginThroughTheAsyncViewIsSharedWithTheSyncOne() throws Exception {
        assertEquals("ada", async().auth().login("ada", "lovelace").get().user().username());
        assertFalse(client.auth().me().id().isEmpty());
    }
}
