package com.sference.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/streams/{id}/events}: pages of the stream's completion events, by cursor, with
 * an optional long-poll ({@code wait_ms}) while the page would be empty.
 */
final class EventHandler {

    private final Store store;
    private final StreamJson json;

    EventHandler(Store store, StreamJson json) {
        this.store = store;
        this.json = json;
    }

    /** One page: events in answer order, and whether more lie beyond it. */
    private record Page(List<ResponseJob> events, boolean hasMore) {
    }

    Reply events(Call call) {
        Violations v = new Violations();
        int limit = call.query().intParam(v, "limit", 20, 1, 100);
        int waitMs = call.query().intParam(v, "wait_ms", 0, 0, 30_000);
        v.throwIfAny();
        String after = blankToNull(call.query().get("starting_after"));
        String before = blankToNull(call.query().get("ending_before"));
        if (after != null && before != null) {
            throw ApiError.badRequest("Use starting_after or ending_before, not both");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        return store.locked(() -> {
            StreamRecord stream = store.stream(call.id());
            String cursor = after != null ? after : before;
            int index = cursor == null ? -1 : stream.eventIndex(cursor);
            if (cursor != null && index < 0) {
                throw ApiError.notFound("Event not found in stream " + stream.id() + ": " + cursor);
            }
            Page page = page(stream, after != null, before != null, index, limit);
            // A page that can never fill is answered at once: an ending_before page, or the end of a
            // closed stream whose every job already has its event.
            while (page.events().isEmpty() && before == null && !stream.isClosedAndDrained() && !store.isClosed()
                    && store.now() < deadline) {
                try {
                    store.awaitChange(deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                page = page(stream, after != null, before != null, index, limit);
            }
            long now = store.now();
            JsonArray data = new JsonArray();
            page.events().forEach(job -> data.add(json.event(job, now, call.outputForm())));
            JsonObject o = new JsonObject();
            o.addProperty("object", "list");
            o.add("data", data);
            o.addProperty("has_more", page.hasMore());
            return Reply.ok(o);
        });
    }

    /**
     * No cursor: the newest {@code limit}, newest first. After C: the next ones oldest first.
     * Before C: the ones just before it, newest first.
     */
    private static Page page(StreamRecord stream, boolean after, boolean before, int index, int limit) {
        List<ResponseJob> log = stream.events();
        int n = log.size();
        if (after) {
            int from = index + 1;
            int to = Math.min(n, from + limit);
            return new Page(List.copyOf(log.subList(from, to)), to < n);
        }
        int end = before ? index : n;
        int start = Math.max(0, end - limit);
        List<ResponseJob> slice = new ArrayList<>(log.subList(start, end));
        Collections.reverse(slice);
        return new Page(slice, start > 0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
