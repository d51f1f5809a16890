package com.sference;

import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.Window;
import java.util.List;

/**
 * Streams: many response jobs under one id, whose completions form a cursor-paged event log.
 * Blocking; see {@link AsyncStreams} for the async twin. Attach a job to a stream with
 * {@code CreateResponseRequest.builder(model).streamId(stream.id())}.
 *
 * @since 0.1
 */
public interface Streams {
    /** Creates a stream with window {@code 24h}; see {@link #create(String, Window)}. */
    Stream create(String name);

    /**
     * Creates a stream.
     *
     * @param name its name
     * @param window its completion window
     * @return the new, open stream
     */
    Stream create(String name, Window window);

    /** {@return every stream, newest first; counters read 0 in lists} */
    List<Stream> list();

    /** {@return the stream {@code id} with its counters} @throws NotFoundException if there is none */
    Stream get(String id);

    /**
     * Archives a stream.
     *
     * @param id the stream id
     * @return the stream after the call
     * @throws ConflictException if it cannot move to {@code archived}
     */
    Stream archive(String id);

    /**
     * Cancels a stream and its pending and running jobs.
     *
     * @param id the stream id
     * @return the stream after the call
     * @throws ConflictException if it cannot move to {@code cancelled}
     */
    Stream cancel(String id);

    /** {@return the newest events of the stream, newest first} */
    EventPage events(String id);

    /**
     * Fetches one page of a stream's events. With {@link EventQuery#waitMs()} above 0 the server
     * holds an empty page until an event arrives or the wait ends; the client's timeout is
     * extended by that wait.
     *
     * @param id the stream id
     * @param query which page
     * @return the page
     * @throws NotFoundException if the stream or the cursor is unknown
     */
    EventPage events(String id, EventQuery query);
}
