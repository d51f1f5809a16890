package com.sference.internal.client;

import com.sference.AsyncBatches;
import com.sference.Batches;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.InferenceRequest;
import com.sference.model.WaitOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** {@link Batches} as the blocking face of {@link AsyncBatches}. */
final class SyncBatches implements Batches {
    private final AsyncBatches async;

    SyncBatches(AsyncBatches async) {
        this.async = async;
    }

    @Override
    public Batch submit(Path jsonl) {
        return Futures.join(async.submit(jsonl));
    }

    @Override
    public Batch submit(Path jsonl, String model) {
        return Futures.join(async.submit(jsonl, model));
    }

    @Override
    public Batch submit(List<InferenceRequest> requests) {
        return Futures.join(async.submit(requests));
    }

    @Override
    public Batch get(String id) {
        return Futures.join(async.get(id));
    }

    @Override
    public List<Batch> list() {
        return Futures.join(async.list());
    }

    @Override
    public Batch cancel(String id) {
        return Futures.join(async.cancel(id));
    }

    @Override
    public BatchResults results(String id) {
        return Futures.join(async.results(id));
    }

    @Override
    public long downloadResults(String id, Path file) {
        return Futures.join(async.downloadResults(id, file));
    }

    @Override
    public long downloadResults(String id, OutputStream out) {
        return Futures.join(async.downloadResults(id, out));
    }

    @Override
    public Batch waitForCompletion(String id) {
        return Futures.join(async.waitForCompletion(id));
    }

    @Override
    public Batch waitForCompletion(String id, WaitOptions options) {
        return Futures.join(async.waitForCompletion(id, options));
    }

    @Override
    public Batch waitForCompletion(String id, WaitOptions options, Consumer<Batch> onProgress) {
        return Futures.join(async.waitForCompletion(id, options, onProgress));
    }
}
