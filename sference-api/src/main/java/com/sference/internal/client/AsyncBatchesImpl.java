package com.sference.internal.client;

import static com.sference.internal.client.ApiCaller.encode;

import com.sference.AsyncBatches;
import com.sference.SferenceException;
import com.sference.internal.jsonl.JsonlWorkload;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.InferenceRequest;
import com.sference.model.WaitOptions;
import com.sference.transport.RequestBody;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

final class AsyncBatchesImpl implements AsyncBatches {
    private final ApiCaller caller;
    private final Poller poller;

    AsyncBatchesImpl(ApiCaller caller, Poller poller) {
        this.caller = caller;
        this.poller = poller;
    }

    @Override
    public CompletableFuture<Batch> submit(Path jsonl) {
        return submit(jsonl, null);
    }

    @Override
    public CompletableFuture<Batch> submit(Path jsonl, String model) {
        Objects.requireNonNull(jsonl, "jsonl");
        return CompletableFuture.supplyAsync(() -> JsonlWorkload.batchBody(jsonl, model), caller.io())
                .thenCompose(this::submit);
    }

    @Override
    public CompletableFuture<Batch> submit(List<InferenceRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        return submit(JsonlWorkload.batchBody(requests));
    }

    private CompletableFuture<Batch> submit(RequestBody body) {
        return caller.json("POST", "/v1/batches", body, Batch.class);
    }

    @Override
    public CompletableFuture<Batch> get(String id) {
        return caller.json("GET", "/v1/batches/" + encode(id), null, Batch.class);
    }

    @Override
    public CompletableFuture<List<Batch>> list() {
        return caller.<WireLists.BatchList>json("GET", "/v1/batches", null, WireLists.BatchList.class)
                .thenApply(WireLists.BatchList::items);
    }

    @Override
    public CompletableFuture<Batch> cancel(String id) {
        return caller.json("POST", "/v1/batches/" + encode(id) + "/cancel", null, Batch.class);
    }

    @Override
    public CompletableFuture<BatchResults> results(String id) {
        return caller.json("GET", "/v1/batches/" + encode(id) + "/results", null, BatchResults.class);
    }

    @Override
    public CompletableFuture<Long> downloadResults(String id, Path file) {
        Objects.requireNonNull(file, "file");
        return download(id, in -> {
            Path target = file.toAbsolutePath();
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                long bytes = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(temp, target);
                return bytes;
            } finally {
                Files.deleteIfExists(temp);
            }
        });
    }

    @Override
    public CompletableFuture<Long> downloadResults(String id, OutputStream out) {
        Objects.requireNonNull(out, "out");
        return download(id, in -> in.transferTo(out));
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies the body of {@code results.jsonl} with {@code copy} on an I/O thread. */
    private CompletableFuture<Long> download(String id, Copy copy) {
        CompletableFuture<TransportResponse> exchange = caller.exchange(
                "GET", "/v1/batches/" + encode(id) + "/results.jsonl", Map.of(), null, Duration.ZERO);
        return caller.consuming(exchange, response -> {
            try (response; InputStream in = response.body()) {
                return copy.apply(in);
            } catch (IOException e) {
                throw new SferenceException("downloading the results of " + id + " failed: " + e.getMessage(), e);
            }
        });
    }

    @FunctionalInterface
    private interface Copy {
        long apply(InputStream in) throws IOException;
    }

    @Override
    public CompletableFuture<Batch> waitForCompletion(String id) {
        return waitForCompletion(id, WaitOptions.DEFAULT);
    }

    @Override
    public CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options) {
        return waitForCompletion(id, options, batch -> { });
    }

    @Override
    public CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options, Consumer<Batch> onProgress) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onProgress, "onProgress");
        return poller.poll(id, () -> get(id), Batch::isTerminal, Batch::statusText, options, onProgress);
    }
}
