package com.sference.testkit.internal;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.sference.testkit.OutputForm;
import java.util.List;

/** Writes Stream objects (with their counters) and stream events. */
final class StreamJson {

    private final TimeSource time;
    private final ResponseJson responses;

    StreamJson(TimeSource time, ResponseJson responses) {
        this.time = time;
        this.responses = responses;
    }

    JsonObject stream(StreamRecord s, long now) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.addProperty("name", s.name());
        o.addProperty("window", s.window());
        o.addProperty("status", s.status());
        o.addProperty("created_at", time.iso(s.createdNanos()));
        o.addProperty("updated_at", time.iso(s.updatedNanos()));
        o.add("cancelled_at", s.cancelledNanos() < 0 ? JsonNull.INSTANCE : Json.string(time.iso(s.cancelledNanos())));
        o.add("archived_at", s.archivedNanos() < 0 ? JsonNull.INSTANCE : Json.string(time.iso(s.archivedNanos())));
        int[] counts = new int[Phase.values().length];
        long prompt = 0;
        long completion = 0;
        for (ResponseJob job : s.items()) {
            Phase phase = job.phase(now);
            counts[phase.ordinal()]++;
            if (phase == Phase.COMPLETED) {
                prompt += job.completion().promptTokens();
                completion += job.completion().completionTokens();
            }
        }
        int total = s.items().size();
        int terminal = counts[Phase.COMPLETED.ordinal()] + counts[Phase.FAILED.ordinal()]
                + counts[Phase.CANCELLED.ordinal()];
        o.addProperty("total_items", total);
        o.addProperty("pending_items", counts[Phase.PENDING.ordinal()]);
        o.addProperty("running_items", counts[Phase.RUNNING.ordinal()]);
        o.addProperty("completed_items", counts[Phase.COMPLETED.ordinal()]);
        o.addProperty("failed_items", counts[Phase.FAILED.ordinal()]);
        o.addProperty("cancelled_items", counts[Phase.CANCELLED.ordinal()]);
        o.addProperty("completion_ratio", total == 0 ? 0.0 : (double) terminal / total);
        o.addProperty("total_prompt_tokens", prompt);
        o.addProperty("total_completion_tokens", completion);
        o.addProperty("total_tokens", prompt + completion);
        List<ResponseJob> events = s.events();
        ResponseJob latest = events.isEmpty() ? null : events.get(events.size() - 1);
        o.add("last_completion_at", latest == null ? JsonNull.INSTANCE : Json.string(time.iso(latest.finishedNanos())));
        o.add("latest_completion_id", latest == null ? JsonNull.INSTANCE : Json.string(latest.id()));
        return o;
    }

    /** The event of a terminal job; {@code result} is its Response when it completed. */
    JsonObject event(ResponseJob job, long now, OutputForm form) {
        Phase phase = job.phase(now);
        EchoModel.Completion c = job.completion();
        boolean completed = phase == Phase.COMPLETED;
        JsonObject o = new JsonObject();
        o.addProperty("completion_id", job.id());
        o.add("custom_id", Json.string(job.customId()));
        o.addProperty("status", phase.wire());
        o.add("result", completed ? responses.response(job, now, form) : JsonNull.INSTANCE);
        o.add("error", phase == Phase.FAILED ? ResponseJson.error(c) : JsonNull.INSTANCE);
        o.addProperty("prompt_tokens", completed ? c.promptTokens() : 0);
        o.addProperty("completion_tokens", completed ? c.completionTokens() : 0);
        o.addProperty("total_tokens", completed ? c.totalTokens() : 0);
        o.addProperty("completed_at", time.iso(job.finishedNanos()));
        return o;
    }
}
