package com.sference.internal.events;

import com.sference.SferenceException;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.ResponseStatus;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import com.sference.model.UnknownFields;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A stream's event log in memory that answers pages by the contract's cursor rules: no cursor,
 * the newest {@code limit} newest first; {@code starting_after}, the next ones oldest first with
 * {@code has_more}; {@code ending_before}, the ones before newest first with {@code has_more}
 * telling whether older remain; both cursors, 400; an unknown cursor, 404.
 *
 * <p>Events also arrive while a tail pages: before answering its n-th request ({@code n >= 2}) the
 * model appends the next entry of {@code arrivals}, while the stream is open, and a long-poll that
 * would be empty takes further entries as events that arrived while it waited. A long-poll on an
 * open stream with no arrival left would wait forever in a test, so it fails the tail's request:
 * a correct tail archives first (see {@link TailProperties}), so that happens only if events
 * went missing.
 * Thread-safe; every answer is an already completed future.
 */
public final class EventLogModel implements EventSource {
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final List<StreamEvent> log = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Deque<Integer> arrivals;
    private StreamStatus status = StreamStatus.OPEN;
    private long pending;
    private int requests;
    private int streamChecks;
    private int sizeAtLastAnswer;
    private final List<EventQuery> queries = new ArrayList<>();

    /** @param arrivals events appended before the 2nd, 3rd, ... page request, while the stream is open */
    public EventLogModel(List<Integer> arrivals) {
        this.arrivals = new ArrayDeque<>(arrivals);
    }

    /** {@return the ids of {@code count} new events, appended to the log} */
    public synchronized List<String> append(int count) {
        if (status != StreamStatus.OPEN) {
            throw new IllegalStateException("the stream is " + status);
        }
        return complete(count);
    }

    private List<String> complete(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("resp_%04d", log.size());
            index.put(id, log.size());
            log.add(new StreamEvent(id, null, ResponseStatus.COMPLETED, null, null, 1L, 1L, 2L,
                    EPOCH.plusSeconds(log.size()), UnknownFields.none()));
            ids.add(id);
        }
        return ids;
    }

    /** {@return the ids of the whole log, oldest first} */
    public synchronized List<String> ids() {
        return log.stream().map(StreamEvent::completionId).toList();
    }

    /**
     * Moves the stream to {@code status}, with {@code pending} jobs still to complete. A stream
     * request reports them pending; the one after it completes them just before it answers, so
     * their events are logged after the tail's last empty long-poll and just before it learns that
     * nothing is pending any more. Page requests do not complete them; {@link #finishPending()}
     * does, for a test that looks at the log once its tail ended.
     */
    public synchronized void status(StreamStatus status, long pending) {
        this.status = status;
        this.pending = pending;
    }

    /** Completes the pending jobs, as time would. */
    public synchronized void finishPending() {
        completePending();
    }

    private void completePending() {
        complete((int) pending);
        pending = 0;
    }

    /** {@return the page requests answered so far} */
    public synchronized List<EventQuery> queries() {
        return List.copyOf(queries);
    }

    /** {@return the size of the log when the last page was answered} */
    public synchronized int sizeAtLastAnswer() {
        return sizeAtLastAnswer;
    }

    @Override
    public synchronized CompletableFuture<EventPage> page(EventQuery query) {
        queries.add(query);
        requests++;
        if (requests >= 2 && !arrivals.isEmpty() && status == StreamStatus.OPEN) {
            append(arrivals.poll());
        }
        if (query.startingAfter() != null && query.endingBefore() != null) {
            return CompletableFuture.failedFuture(new SferenceException("HTTP 400: both cursors"));
        }
        String cursor = query.startingAfter() != null ? query.startingAfter() : query.endingBefore();
        Integer at = cursor == null ? null : index.get(cursor);
        if (cursor != null && at == null) {
            return CompletableFuture.failedFuture(new SferenceException("HTTP 404: unknown cursor " + cursor));
        }
        EventPage page = answer(query, at);
        boolean longPoll = query.waitMs() > 0 && query.endingBefore() == null;
        while (page.data().isEmpty() && longPoll && status == StreamStatus.OPEN && !arrivals.isEmpty()) {
            append(arrivals.poll());
            page = answer(query, at);
        }
        if (page.data().isEmpty() && longPoll && status == StreamStatus.OPEN) {
            return CompletableFuture.failedFuture(new AssertionError(
                    "a long-poll on an open stream with nothing to come: the tail missed events; log " + ids()));
        }
        sizeAtLastAnswer = log.size();
        return CompletableFuture.completedFuture(page);
    }

    private EventPage answer(EventQuery query, Integer at) {
        int n = log.size();
        if (query.startingAfter() != null) {
            int from = at + 1;
            int to = Math.min(n, from + query.limit());
            return new EventPage("list", List.copyOf(log.subList(from, to)), to < n, null);
        }
        int end = query.endingBefore() != null ? at : n;
        int start = Math.max(0, end - query.limit());
        List<StreamEvent> newestFirst = new ArrayList<>(log.subList(start, end));
        Collections.reverse(newestFirst);
        return new EventPage("list", newestFirst, start > 0, null);
    }

    @Override
    public synchronized CompletableFuture<Stream> stream() {
        streamChecks++;
        if (pending > 0 && streamChecks % 2 == 0) {
            completePending();
        }
        return CompletableFuture.completedFuture(stream("s_model", status, pending, log.size()));
    }

    /** {@return a stream record with the given status and counters} */
    static Stream stream(String id, StreamStatus status, long pending, long completed) {
        return new Stream(id, "model", "24h", status, EPOCH, EPOCH, null, null, pending + completed, pending, 0,
                completed, 0, 0, 0, 0, 0, 0, null, null, null);
    }
}
