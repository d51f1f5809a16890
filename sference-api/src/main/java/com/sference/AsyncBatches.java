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
    /**
     * See {@link Batches#submit(Path)}.
     *
     * @param jsonl the workload file
     * @return a future of the new batch
     */
    CompletableFuture<Batch> submit(Path jsonl);

    /**
     * See {@link Batches#submit(Path, String)}; validation happens before the future is returned.
     *
     * @param jsonl the workload file
     * @param model the model for content-only lines; may be {@code null} when every line is an envelope
     * @return a future of the new batch
     */
    CompletableFuture<Batch> submit(Path jsonl, String model);

    /**
     * See {@link Batches#submit(List)}.
     *
     * @param requests at least one request
     * @return a future of the new batch
     */
    CompletableFuture<Batch> submit(List<InferenceRequest> requests);

    /**
     * See {@link Batches#get}.
     *
     * @param id the batch id
     * @return a future of the batch
     */
    CompletableFuture<Batch> get(String id);

    /**
     * See {@link Batches#list}.
     *
     * @return a future of every batch, newest first
     */
    CompletableFuture<List<Batch>> list();

    /**
     * See {@link Batches#cancel}.
     *
     * @param id the batch id
     * @return a future of the batch after the call
     */
    CompletableFuture<Batch> cancel(String id);

    /**
     * See {@link Batches#results}.
     *
     * @param id the batch id
     * @return a future of the batch's results
     */
    CompletableFuture<BatchResults> results(String id);

    /**
     * See {@link Batches#downloadResults(String, Path)}.
     *
     * @param id the batch id
     * @param file where to write
     * @return a future of the number of bytes written
     */
    CompletableFuture<Long> downloadResults(String id, Path file);

    /**
     * See {@link Batches#downloadResults(String, OutputStream)}.
     *
     * @param id the batch id
     * @param out where to write; not closed
     * @return a future of the number of bytes written
     */
    CompletableFuture<Long> downloadResults(String id, OutputStream out);

    /**
     * See {@link Batches#waitForCompletion(String)}.
     *
     * @param id the batch id
     * @return a future of the terminal batch
     */
    CompletableFuture<Batch> waitForCompletion(String id);

    /**
     * See {@link Batches#waitForCompletion(String, WaitOptions)}.
     *
     * @param id the batch id
     * @param options how often to poll and how long to wait
     * @return a future of the terminal batch
     */
    CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options);

    /**
     * See {@link Batches#waitForCompletion(String, WaitOptions, Consumer)}.
     *
     * @param id the batch id
     * @param options how often to poll and how long to wait
     * @param onProgress called with each polled state, the terminal one included
     * @return a future of the terminal batch
     */
    CompletableFuture<Batch> waitForCompletion(String id, WaitOptions options, Consumer<Batch> onProgress);
}
