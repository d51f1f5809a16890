package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/** {@code /v1/batches}: create, list, get, cancel, results and results.jsonl. */
final class BatchHandler {

    private final Store store;
    private final BatchJson json;
    private final String baseUrl;

    BatchHandler(Store store, BatchJson json, String baseUrl) {
        this.store = store;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    Reply create(Call call) {
        List<BatchJob.Item> items = BatchRequestReader.read(call.jsonReader());
        return call.once(() -> store.locked(() -> Reply.ok(json.batch(store.addBatch(items), store.now()))));
    }

    Reply list(Call call) {
        return store.locked(() -> {
            long now = store.now();
            JsonArray items = new JsonArray();
            store.batchesNewestFirst().forEach(b -> items.add(json.batch(b, now)));
            JsonObject o = new JsonObject();
            o.add("items", items);
            return Reply.ok(o);
        });
    }

    Reply get(Call call) {
        return store.locked(() -> Reply.ok(json.batch(store.batch(call.id()), store.now())));
    }

    /** Cancels a batch that is not terminal; a terminal one is returned unchanged. */
    Reply cancel(Call call) {
        return call.once(() -> store.locked(() -> {
            BatchJob job = store.batch(call.id());
            store.cancel(job);
            return Reply.ok(json.batch(job, store.now()));
        }));
    }

    /** {@code BatchResults}, in every state; {@code results} is null until terminal. */
    Reply results(Call call) {
        Map.Entry<BatchJob, Phase> snapshot = snapshot(call);
        BatchJob job = snapshot.getKey();
        Phase phase = snapshot.getValue();
        String url = outputUrl(job);
        return Reply.stream(200, Reply.JSON, out -> json.writeResults(job, phase, url, out));
    }

    /** The result items as JSONL; {@code 409} until the batch is terminal. */
    Reply resultsJsonl(Call call) {
        Map.Entry<BatchJob, Phase> snapshot = snapshot(call);
        BatchJob job = snapshot.getKey();
        Phase phase = snapshot.getValue();
        if (!phase.isTerminal()) {
            throw ApiError.conflict("Batch " + job.id() + " is " + phase.wire() + "; results are available once it is terminal");
        }
        return Reply.stream(200, "application/x-ndjson", out -> json.writeJsonl(job, phase, out));
    }

    /** The batch and its phase now; once terminal, neither changes, so both can be written unlocked. */
    private Map.Entry<BatchJob, Phase> snapshot(Call call) {
        return store.locked(() -> {
            BatchJob job = store.batch(call.id());
            return Map.entry(job, job.phase(store.now()));
        });
    }

    private String outputUrl(BatchJob job) {
        return baseUrl + "/v1/batches/" + job.id() + "/results.jsonl";
    }
}
