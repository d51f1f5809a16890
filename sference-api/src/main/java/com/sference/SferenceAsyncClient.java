package com.sference;

/**
 * The non-blocking view of a {@link SferenceClient}: the same operations, each returning a
 * {@link java.util.concurrent.CompletableFuture}. It shares its client's connections and
 * credentials; closing the client ends it too.
 *
 * <pre>{@code
 * client.async().batches().submit(Path.of("workload.jsonl"), "Qwen/Qwen2.5-7B-Instruct")
 *         .thenCompose(batch -> client.async().batches().waitForCompletion(batch.id()))
 *         .thenAccept(done -> System.out.println(done.status()));
 * }</pre>
 *
 * @since 0.1
 */
public interface SferenceAsyncClient {
    /** {@return logging in and who the client is} */
    AsyncAuth auth();

    /** {@return batches} */
    AsyncBatches batches();

    /** {@return response jobs} */
    AsyncResponses responses();

    /** {@return streams and their events} */
    AsyncStreams streams();
}
