package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Set;

/** {@code /v1/streams}: create, list, get and PATCH (archive or cancel). */
final class StreamHandler {

    private static final Set<String> WINDOWS = Set.of("1h", "24h");
    /** The statuses a PATCH may ask for; {@code open} is not one, even on an open stream. */
    private static final Set<String> TARGETS = Set.of(StreamRecord.ARCHIVED, StreamRecord.CANCELLED);

    private final Store store;
    private final StreamJson json;

    StreamHandler(Store store, StreamJson json) {
        this.store = store;
        this.json = json;
    }

    Reply create(Call call) {
        JsonObject body = call.jsonObject();
        Violations v = new Violations();
        JsonElement name = body.get("name");
        if (name == null) {
            v.add(Json.loc("body", "name"), "Field required", "missing");
        } else if (!Json.isString(name)) {
            v.add(Json.loc("body", "name"), "Input should be a valid string", "string_type");
        } else if (name.getAsString().isEmpty()) {
            v.add(Json.loc("body", "name"), "String should have at least 1 character", "string_too_short");
        }
        JsonElement window = body.get("window");
        if (window == null) {
            v.add(Json.loc("body", "window"), "Field required", "missing");
        } else if (!Json.isString(window) || !WINDOWS.contains(window.getAsString())) {
            v.add(Json.loc("body", "window"), "Input should be '1h' or '24h'", "literal_error");
        }
        v.throwIfAny();
        return call.once(() -> store.locked(() -> Reply.ok(json.stream(
                store.addStream(name.getAsString(), window.getAsString()), store.now()))));
    }

    Reply list(Call call) {
        return store.locked(() -> {
            long now = store.now();
            JsonArray items = new JsonArray();
            store.streamsNewestFirst().forEach(s -> items.add(json.stream(s, now)));
            JsonObject o = new JsonObject();
            o.add("items", items);
            return Reply.ok(o);
        });
    }

    Reply get(Call call) {
        return store.locked(() -> Reply.ok(json.stream(store.stream(call.id()), store.now())));
    }

    /**
     * Moves a stream: open to archived or cancelled, cancelled to archived; the same status again
     * changes nothing; any other move is {@code 409}. Cancelling cancels the stream's unfinished jobs.
     * A status other than {@code archived} or {@code cancelled} ({@code open} included) is {@code 422}.
     */
    Reply patch(Call call) {
        JsonElement status = call.jsonObject().get("status");
        if (status == null) {
            throw Violations.single(Json.loc("body", "status"), "Field required", "missing");
        }
        if (!Json.isString(status) || !TARGETS.contains(status.getAsString())) {
            throw Violations.single(Json.loc("body", "status"), "Input should be 'archived' or 'cancelled'",
                    "literal_error");
        }
        String target = status.getAsString();
        return store.locked(() -> {
            StreamRecord stream = store.stream(call.id());
            String current = stream.status();
            if (!current.equals(target)) {
                if (!allowed(current, target)) {
                    throw ApiError.conflict("Stream " + stream.id() + " cannot move from " + current + " to " + target);
                }
                if (target.equals(StreamRecord.CANCELLED)) {
                    for (ResponseJob job : new ArrayList<>(stream.items())) {
                        store.cancel(job);
                    }
                }
                stream.status(target, store.now());
                store.signalChange();
            }
            return Reply.ok(json.stream(stream, store.now()));
        });
    }

    static boolean allowed(String from, String to) {
        return from.equals(StreamRecord.OPEN) && (to.equals(StreamRecord.ARCHIVED) || to.equals(StreamRecord.CANCELLED))
                || from.equals(StreamRecord.CANCELLED) && to.equals(StreamRecord.ARCHIVED);
    }
}
