package com.sference;

import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.InferenceRequest;
import com.sference.model.WaitOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link Batches} without blocking: each method returns at once, and its future completes with the
 * result or fails with a {@link SferenceException}. Waiting polls on a scheduler, not a sleeping
 * thread.
 *
 * @since 0.1
 */
public interface AsyncBatches {
    /** See {@link Batches#submit(Path)}. */
    CompletableFuture<Batch> submit(Path jsonl);

    /** See {@link Batches#submit(Path, String)}; validation happens before the future is returned. */
    CompletableFuture<Batch> submit(Path jsonl, String model);

    /** See {@link Batches#submit(List)}. */
    CompletableFuture<Batch> submit(List<InferenceRequest> requests);

    /** See {@link Batches#get}. */
    CompletableFuture<Batch> get(String id);

    /** See {@link Batches#list}. */
    CompletableFuture<List<Batch>> list();

    /** See {@link Batches#cancel}. */
    CompletableFuture<Batch> cancel(String id);

    /** See {@link Batches#results}. */
    CompletableFuture<BatchResults> results(String id);

    /** See {@link Batches#downloadResults(String, Path)}. */
    CompletableFuture<Long> downloadResults(String id, Path file);

    /** See {@link Batches#downloadResults(String, OutputStream)}. */
    CompletableFuture<Long> downloadResults(String id, OutputStream out);

    /** See {@link Batches#waitForCompletion(String)}. */
    CompletableFuture<Batch> waitForCompletion(String id);

    /** See {@link Batches#waitForCompletion(String, WaitOptions)}. */
    CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options);

    /** See {@link Batches#waitForCompletion(String, WaitOptions, Consumer)}. */
    CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options, Consumer<Batch> onProgress);
}
