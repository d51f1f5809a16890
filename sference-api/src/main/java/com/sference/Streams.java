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
    /**
     * Creates a stream with window {@code 24h}; see {@link #create(String, Window)}.
     *
     * @param name its name
     * @return the new, open stream
     */
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

    /**
     * {@return the stream {@code id} with its counters}
     *
     * @param id the stream id
     * @throws NotFoundException if there is none
     */
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

    /**
     * {@return the newest events of the stream, newest first}
     *
     * @param id the stream id
     */
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

    /**
     * Iterates over a stream's events with the {@link TailOptions#defaults() default options}; see
     * {@link #iterate(String, TailOptions)}.
     *
     * @param id the stream id
     * @return the events, oldest first
     */
    EventCursor iterate(String id);

    /**
     * Iterates over a stream's events, oldest first, from where {@code options} say to start until
     * the end of the log: it pages forward with {@code starting_after} until a page says no more
     * follow ({@code has_more} false), then {@link EventCursor#hasNext()} returns false. Events that
     * complete while it pages are included up to that last page. Without a cursor or checkpoint it
     * starts with the newest page (reversed into chronological order, as the Python SDK does) and
     * then, unlike the Python SDK, goes on forward from that page's newest event, so that nothing
     * completing meanwhile is missed; see {@link TailOptions} for the other places to start, and
     * {@link EventCursor} for when the checkpoint moves.
     *
     * <pre>{@code
     * try (EventCursor events = client.streams().iterate(streamId, TailOptions.builder()
     *         .checkpoints(CheckpointStore.file()).build())) {
     *     events.forEachRemaining(event -> System.out.println(event.completionId()));
     * }
     * }</pre>
     *
     * @param id the stream id
     * @param options where to start, the checkpoint and the page size
     * @return the events, oldest first; nothing is fetched until the first {@code hasNext()}
     * @throws CheckpointException if the consumer's checkpoint cannot be read or cleared
     */
    EventCursor iterate(String id, TailOptions options);

    /**
     * Follows a stream's events with the {@link TailOptions#defaults() default options}; see
     * {@link #follow(String, TailOptions)}.
     *
     * @param id the stream id
     * @return the events, oldest first, as they complete
     */
    EventCursor follow(String id);

    /**
     * Follows a stream's events as they complete: like {@link #iterate(String, TailOptions)}, but
     * at the end of the log it long-polls ({@code wait_ms} = {@link TailOptions#longPollWait()})
     * for the next event instead of stopping. When a long-poll comes back empty it looks at the
     * stream: once the stream is cancelled or archived and has no pending or running job left, it
     * delivers what remains and {@link EventCursor#hasNext()} returns false. Otherwise it runs
     * until {@link EventCursor#close()}d or its thread is interrupted.
     *
     * <pre>{@code
     * try (EventCursor events = client.streams().follow(streamId, TailOptions.builder()
     *         .checkpoints(CheckpointStore.file()).consumer("billing").build())) {
     *     for (StreamEvent event : events) {
     *         bill(event);
     *     }
     * }
     * }</pre>
     *
     * @param id the stream id
     * @param options where to start, the checkpoint, the page size and the long-poll wait
     * @return the events, oldest first; nothing is fetched until the first {@code hasNext()}
     * @throws CheckpointException if the consumer's checkpoint cannot be read or cleared
     */
    EventCursor follow(String id, TailOptions options);
}
