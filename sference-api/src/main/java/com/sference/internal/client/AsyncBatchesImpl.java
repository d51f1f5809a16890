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
import com.sference.internal.pipeline.Causes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

final class AsyncBatchesImpl implements AsyncBatches {
    private final ApiCaller caller;
    private final Poller poller;
    private final long maxJsonlLineBytes;

    AsyncBatchesImpl(ApiCaller caller, Poller poller, long maxJsonlLineBytes) {
        this.caller = caller;
        this.poller = poller;
        this.maxJsonlLineBytes = maxJsonlLineBytes;
    }

    @Override
    public CompletableFuture<Batch> submit(Path jsonl) {
        return submit(jsonl, null);
    }

    @Override
    public CompletableFuture<Batch> submit(Path jsonl, String model) {
        Objects.requireNonNull(jsonl, "jsonl");
        return Futures.then(caller.onIo(() -> JsonlWorkload.batchBody(jsonl, model, maxJsonlLineBytes),
                "validating " + jsonl), this::submit);
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
        return Futures.map(caller.<WireLists.BatchList>json("GET", "/v1/batches", null, WireLists.BatchList.class),
                WireLists.BatchList::items);
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
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            return CompletableFuture.failedFuture(new SferenceException("cannot download the results of " + id
                    + " to " + target + ": the directory " + directory + " does not exist"));
        }
        return download(id, in -> {
            Path temp = createTemp(id, target);
            try {
                long bytes = copy(id, in, temp);
                moveIntoPlace(id, temp, target);
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

    private static Path createTemp(String id, Path target) {
        try {
            return Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        } catch (IOException e) {
            throw new SferenceException("cannot download the results of " + id + " into " + target.getParent()
                    + ": " + Causes.describe(e), e);
        }
    }

    /** Copies the body into {@code temp}; a failure to write the file is told apart from one to read the body. */
    private static long copy(String id, InputStream in, Path temp) throws IOException {
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(chunk)) != -1; total += n) {
                try {
                    out.write(chunk, 0, n);
                } catch (IOException e) {
                    throw new SferenceException("writing the results of " + id + " to " + temp + " failed: "
                            + Causes.describe(e), e);
                }
            }
            return total;
        }
    }

    private static void moveIntoPlace(String id, Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SferenceException("cannot put the results of " + id + " in place at " + target + ": "
                    + Causes.describe(e), e);
        }
    }

    /** Copies the body of {@code results.jsonl} with {@code copy} on an I/O thread; only a 2xx answer is copied. */
    private CompletableFuture<Long> download(String id, Copy copy) {
        return caller.streamed("GET", "/v1/batches/" + encode(id) + "/results.jsonl", response -> {
            try (InputStream in = response.body()) {
                return copy.apply(in);
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
