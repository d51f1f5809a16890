package com.sference.internal.events;

import com.sference.TailOptions;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decides which request a tail makes next and which events of each answer it delivers, following
 * the cursor rules of the events endpoint. Knows nothing of threads, futures or checkpoints;
 * not thread-safe.
 *
 * <ul>
 *   <li>With a start cursor, it pages forward with {@code starting_after}.
 *   <li>Without one it fetches the newest page (no cursor, newest first). For
 *       {@link TailOptions.Origin#NEWEST_PAGE} it delivers that page reversed; for
 *       {@link TailOptions.Origin#EARLIEST}, if older events remain, it first pages back with
 *       {@code ending_before} until none do and delivers that oldest page reversed. Either way it
 *       then pages forward from the newest event delivered, so nothing that completes meanwhile
 *       is missed. A log seen empty makes every later event new, so the origin becomes EARLIEST.
 *   <li>Iterating ends at an empty page, or a forward page whose {@code has_more} is false.
 *   <li>Following long-polls instead; after an empty long-poll it asks for the stream, and once
 *       the stream is cancelled or archived with no job pending or running, the log can no
 *       longer grow, so it finishes as an iteration.
 * </ul>
 */
final class Pager {
    /** What the tail should do next. */
    enum Action {
        /** Fetch the page {@link #query()} names and pass it to {@link #onPage}. */
        FETCH,
        /** Fetch the stream and pass it to {@link #onStream}. */
        CHECK_STREAM,
        /** Nothing more: the tail has ended. */
        END
    }

    private enum Phase { NEWEST, WALK_BACK, FORWARD, CHECK_STREAM, DONE }

    private final int limit;
    private final long waitMs;
    private boolean follow;
    private boolean fetchedOnce;
    private boolean fromEarliest;
    private Phase phase;
    private Phase afterCheck;
    private String cursor;
    private String walkCursor;
    private List<StreamEvent> walkPage = List.of();

    /**
     * @param startAfter the event to start after, or null to start at the origin
     * @param origin where to start without a cursor
     * @param limit the page size
     * @param follow whether to long-poll at the end of the log instead of ending
     * @param waitMs the long-poll wait
     */
    Pager(String startAfter, TailOptions.Origin origin, int limit, boolean follow, long waitMs) {
        this.limit = limit;
        this.follow = follow;
        this.waitMs = waitMs;
        this.fromEarliest = origin == TailOptions.Origin.EARLIEST;
        this.cursor = startAfter;
        this.phase = startAfter != null ? Phase.FORWARD : Phase.NEWEST;
    }

    /** {@return what to do next} */
    Action action() {
        return switch (phase) {
            case NEWEST, WALK_BACK, FORWARD -> Action.FETCH;
            case CHECK_STREAM -> Action.CHECK_STREAM;
            case DONE -> Action.END;
        };
    }

    /**
     * {@return the page to fetch, when {@link #action()} is FETCH} The first fetch never waits: if
     * it finds nothing, the stream's status is read before any long-poll, so a follower of a
     * closed, drained stream ends at once.
     */
    EventQuery query() {
        long wait = follow && fetchedOnce ? waitMs : 0;
        return switch (phase) {
            case NEWEST -> new EventQuery(limit, null, null, wait);
            case WALK_BACK -> new EventQuery(limit, null, walkCursor, 0);
            case FORWARD -> new EventQuery(limit, cursor, null, wait);
            default -> throw new IllegalStateException("no page to fetch in phase " + phase);
        };
    }

    /** {@return whether the page to fetch may be held by the server (a long-poll)} */
    boolean longPolls() {
        return action() == Action.FETCH && query().waitMs() > 0;
    }

    /** {@return the events of {@code page}, the answer to {@link #query()}, to deliver, oldest first} */
    List<StreamEvent> onPage(EventPage page) {
        fetchedOnce = true;
        List<StreamEvent> data = page.data();
        switch (phase) {
            case NEWEST -> {
                if (data.isEmpty()) {
                    fromEarliest = true;
                    return endOfLog(Phase.NEWEST);
                }
                if (fromEarliest && page.hasMore()) {
                    walkBackFrom(data);
                    return List.of();
                }
                return deliverNewestFirst(data);
            }
            case WALK_BACK -> {
                if (data.isEmpty()) {
                    return deliverNewestFirst(walkPage);
                }
                if (page.hasMore()) {
                    walkBackFrom(data);
                    return List.of();
                }
                return deliverNewestFirst(data);
            }
            case FORWARD -> {
                if (data.isEmpty()) {
                    return endOfLog(Phase.FORWARD);
                }
                cursor = data.get(data.size() - 1).completionId();
                if (!follow && !page.hasMore()) {
                    phase = Phase.DONE;
                }
                return data;
            }
            default -> throw new IllegalStateException("no page expected in phase " + phase);
        }
    }

    /** Takes the stream fetched after an empty long-poll. */
    void onStream(Stream stream) {
        if (phase != Phase.CHECK_STREAM) {
            throw new IllegalStateException("no stream expected in phase " + phase);
        }
        boolean closed = stream.status() == StreamStatus.CANCELLED || stream.status() == StreamStatus.ARCHIVED;
        if (closed && stream.pendingItems() == 0 && stream.runningItems() == 0) {
            follow = false;
        }
        phase = afterCheck;
    }

    /** {@return the id of the newest event delivered, or the start cursor; null before either} */
    String cursor() {
        return cursor;
    }

    private List<StreamEvent> endOfLog(Phase current) {
        if (follow) {
            afterCheck = current;
            phase = Phase.CHECK_STREAM;
        } else {
            phase = Phase.DONE;
        }
        return List.of();
    }

    private void walkBackFrom(List<StreamEvent> newestFirst) {
        walkPage = newestFirst;
        walkCursor = newestFirst.get(newestFirst.size() - 1).completionId();
        phase = Phase.WALK_BACK;
    }

    private List<StreamEvent> deliverNewestFirst(List<StreamEvent> newestFirst) {
        List<StreamEvent> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        cursor = newestFirst.get(0).completionId();
        walkPage = List.of();
        phase = Phase.FORWARD;
        return oldestFirst;
    }
}
