package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Writes Batch objects and batch results, streaming the (possibly huge) result lists. */
final class BatchJson {

    private final TimeSource time;

    BatchJson(TimeSource time) {
        this.time = time;
    }

    JsonObject batch(BatchJob job, long now) {
        Phase phase = job.phase(now);
        long updated = phase.isTerminal() ? job.finishedNanos()
                : phase == Phase.RUNNING ? job.runningAtNanos() : job.createdNanos();
        long prompt = job.promptTokens(now);
        long completion = job.completionTokens(now);
        JsonObject o = new JsonObject();
        o.addProperty("id", job.id());
        o.addProperty("status", phase.wire());
        o.addProperty("window", "24h");
        o.addProperty("request_count", job.items().size());
        o.addProperty("created_at", time.iso(job.createdNanos()));
        o.addProperty("updated_at", time.iso(updated));
        o.add("completed_at", phase.isTerminal() ? Json.string(time.iso(job.finishedNanos())) : JsonNull.INSTANCE);
        o.addProperty("total_prompt_tokens", prompt);
        o.addProperty("total_completion_tokens", completion);
        o.addProperty("total_tokens", prompt + completion);
        return o;
    }

    /**
     * Writes {@code BatchResults}: {@code results} is null until the batch is terminal.
     *
     * @param phase the batch's phase when the request was answered
     * @param outputUrl the absolute URL of the JSONL results
     */
    void writeResults(BatchJob job, Phase phase, String outputUrl, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 65536);
        JsonWriter json = new JsonWriter(writer);
        json.setSerializeNulls(true);
        json.beginObject();
        json.name("batch_id").value(job.id());
        json.name("status").value(phase.wire());
        boolean terminal = phase.isTerminal();
        json.name("output_url").value(terminal ? outputUrl : null);
        json.name("completed_at").value(terminal ? time.iso(job.finishedNanos()) : null);
        json.name("results");
        if (terminal) {
            json.beginArray();
            for (int i = 0; i < job.items().size(); i++) {
                Json.GSON.toJson(item(job, phase, i), json);
            }
            json.endArray();
        } else {
            json.nullValue();
        }
        json.endObject();
        json.flush();
        writer.flush();
    }

    /** Writes the result items of a terminal batch, one JSON object a line. */
    void writeJsonl(BatchJob job, Phase phase, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 65536);
        for (int i = 0; i < job.items().size(); i++) {
            writer.write(Json.GSON.toJson(item(job, phase, i)));
            writer.write('\n');
        }
        writer.flush();
    }

    /** One result item: custom_id, status, result (a chat.completion), error, tokens. */
    private JsonObject item(BatchJob job, Phase phase, int index) {
        BatchJob.Item item = job.items().get(index);
        EchoModel.Completion c = item.completion();
        String status = phase == Phase.CANCELLED ? "cancelled" : c.failed() ? "failed" : "completed";
        boolean completed = status.equals("completed");
        JsonObject o = new JsonObject();
        o.add("custom_id", Json.string(item.customId()));
        o.addProperty("status", status);
        o.add("result", completed ? chatCompletion(job, item, index) : JsonNull.INSTANCE);
        o.add("error", status.equals("failed") ? ResponseJson.error(c) : JsonNull.INSTANCE);
        o.addProperty("prompt_tokens", completed ? c.promptTokens() : 0);
        o.addProperty("completion_tokens", completed ? c.completionTokens() : 0);
        o.addProperty("total_tokens", completed ? c.totalTokens() : 0);
        return o;
    }

    private JsonObject chatCompletion(BatchJob job, BatchJob.Item item, int index) {
        EchoModel.Completion c = item.completion();
        JsonObject message = new JsonObject();
        message.addProperty("role", "assistant");
        message.addProperty("content", c.text());
        JsonObject choice = new JsonObject();
        choice.addProperty("index", 0);
        choice.add("message", message);
        choice.addProperty("finish_reason", "stop");
        JsonArray choices = new JsonArray();
        choices.add(choice);
        JsonObject usage = new JsonObject();
        usage.addProperty("prompt_tokens", c.promptTokens());
        usage.addProperty("completion_tokens", c.completionTokens());
        usage.addProperty("total_tokens", c.totalTokens());
        JsonObject o = new JsonObject();
        o.addProperty("id", "chatcmpl-" + job.id().replace("-", "") + "-" + index);
        o.addProperty("object", "chat.completion");
        o.addProperty("created", time.epochSeconds(job.finishedNanos()));
        o.addProperty("model", item.model());
        o.add("choices", choices);
        o.add("usage", usage);
        return o;
    }
}
