package com.sference;

import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.InferenceRequest;
import com.sference.model.WaitOptions;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Batches: fixed JSONL workloads run as one unit. Blocking; see {@link AsyncBatches} for the async
 * twin.
 *
 * <pre>{@code
 * Batch batch = client.batches().submit(Path.of("workload.jsonl"), "Qwen/Qwen2.5-7B-Instruct");
 * Batch done = client.batches().waitForCompletion(batch.id());
 * client.batches().downloadResults(done.id(), Path.of("results.jsonl"));
 * }</pre>
 *
 * @since 0.1
 */
public interface Batches {
    /**
     * Submits a JSONL workload whose lines all name their model (OpenAI batch envelopes).
     *
     * @param jsonl the workload file
     * @return the new batch
     * @throws JsonlException if the file is invalid; nothing is sent then
     */
    Batch submit(Path jsonl);

    /**
     * Submits a JSONL workload. The file is validated first, then streamed to the server as it is
     * read, so its size is bounded by disk, not memory.
     *
     * @param jsonl the workload file
     * @param model the model for content-only lines; ignored, with a warning, for envelope lines;
     *     may be {@code null} when every line is an envelope
     * @return the new batch
     * @throws JsonlException if the file is invalid (naming file and line); nothing is sent then
     */
    Batch submit(Path jsonl, String model);

    /**
     * Submits a list of requests.
     *
     * @param requests at least one request
     * @return the new batch
     * @throws IllegalArgumentException if {@code requests} is empty
     */
    Batch submit(List<InferenceRequest> requests);

    /**
     * {@return the batch {@code id}}
     *
     * @param id the batch id
     * @throws NotFoundException if there is none
     */
    Batch get(String id);

    /** {@return every batch, newest first} */
    List<Batch> list();

    /**
     * Cancels a batch that is not terminal; a terminal one is returned unchanged.
     *
     * @param id the batch id
     * @return the batch after the call
     */
    Batch cancel(String id);

    /**
     * {@return the batch's results; {@link BatchResults#results()} is null until it is terminal}
     *
     * @param id the batch id
     */
    BatchResults results(String id);

    /**
     * Writes the results JSONL of a terminal batch to {@code file}, replacing it atomically.
     *
     * @param id the batch id
     * @param file where to write
     * @return the number of bytes written
     * @throws ConflictException if the batch is not terminal yet
     */
    long downloadResults(String id, Path file);

    /**
     * Streams the results JSONL of a terminal batch to {@code out}, which is not closed.
     *
     * @param id the batch id
     * @param out where to write
     * @return the number of bytes written
     * @throws ConflictException if the batch is not terminal yet
     */
    long downloadResults(String id, OutputStream out);

    /**
     * Waits with {@link WaitOptions#DEFAULT}; see {@link #waitForCompletion(String, WaitOptions, Consumer)}.
     *
     * @param id the batch id
     * @return the terminal batch
     * @throws WaitTimeoutException if the batch is not terminal in time
     */
    Batch waitForCompletion(String id);

    /**
     * Waits without progress reports; see {@link #waitForCompletion(String, WaitOptions, Consumer)}.
     *
     * @param id the batch id
     * @param options how often to poll and how long to wait
     * @return the terminal batch
     * @throws WaitTimeoutException if the batch is not terminal in time
     */
    Batch waitForCompletion(String id, WaitOptions options);

    /**
     * Polls the batch until it is terminal.
     *
     * @param id the batch id
     * @param options how often to poll and how long to wait
     * @param onProgress called with each polled state, the terminal one included
     * @return the terminal batch
     * @throws WaitTimeoutException if the batch is not terminal in time
     */
    Batch waitForCompletion(String id, WaitOptions options, Consumer<Batch> onProgress);
}
