package com.sference;

import com.sference.model.StreamEvent;
import java.util.Iterator;

/**
 * A stream's events, one at a time, fetched a page at a time as the consumer asks for them:
 * what {@link Streams#iterate(String, TailOptions)} and {@link Streams#follow(String, TailOptions)}
 * return. Close it when done, best with try-with-resources.
 *
 * <pre>{@code
 * try (EventCursor events = client.streams().follow(streamId, options)) {
 *     for (StreamEvent event : events) {
 *         handle(event);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Taking an event.</b> An event counts as taken, and its checkpoint may be saved, when the
 * consumer comes back for more after {@link #next()} returned it: at the next call to
 * {@link #hasNext()} or {@link #next()}. A plain loop therefore saves an event's position only
 * after its body has run. Per {@link TailOptions.Commit#PER_EVENT event}, that moment saves the
 * event's id; per {@link TailOptions.Commit#PER_PAGE page}, it saves the id of a page's last event
 * once that event is taken. {@link #commit()} saves the last event returned at once. {@link #close()}
 * saves nothing: it also runs when the loop's body throws, and the event in hand is then
 * delivered again next time. So delivery is at least once: after a crash or a close, a consumer
 * that resumes from the checkpoint gets again at most the events it had not yet taken (one per
 * event, up to a page per page), and never misses one.
 *
 * <p>{@link #hasNext()} blocks while it fetches. It returns {@code false} at the end of an
 * {@code iterate}, when a {@code follow}'s stream is cancelled or archived and every event has
 * been delivered, after {@link #close()} (which may be called from any other thread and ends a
 * waiting {@code hasNext()}), and when the waiting thread is interrupted (the cursor closes, and
 * the thread keeps its interrupt status). Other failures are thrown as {@link SferenceException}s;
 * a {@link CheckpointException} if the checkpoint cannot be saved.
 *
 * <p>A cursor is for one consumer thread; only {@link #close()} may be called from others. It is
 * its own {@link Iterable}: {@link #iterator()} returns the cursor itself, so it is iterated once.
 *
 * @since 0.1
 */
public interface EventCursor extends Iterator<StreamEvent>, Iterable<StreamEvent>, AutoCloseable {
    /**
     * Takes the event last returned, if any, then tells whether another event follows, fetching
     * and waiting as needed.
     *
     * @return whether {@link #next()} has an event to return
     * @throws SferenceException if a request fails
     * @throws CheckpointException if the checkpoint cannot be saved
     */
    @Override
    boolean hasNext();

    /**
     * Takes the event last returned, if any, then returns the next event.
     *
     * @return the next event
     * @throws java.util.NoSuchElementException if there is none: {@link #hasNext()} would return false
     * @throws SferenceException if a request fails
     * @throws CheckpointException if the checkpoint cannot be saved
     */
    @Override
    StreamEvent next();

    /**
     * Counts every event returned so far as taken and saves the last one's id now, whatever the
     * commit mode. Does nothing if no event was returned since the last save, or without a store.
     *
     * @throws CheckpointException if the checkpoint cannot be saved
     */
    void commit();

    /** {@return this cursor, to be iterated once} */
    @Override
    Iterator<StreamEvent> iterator();

    /**
     * Returns the remaining events as a sequential, ordered {@link java.util.stream.Stream}, read
     * through this cursor; closing the stream closes the cursor. An event counts as taken when the
     * stream asks for the next one, so a short-circuiting operation such as {@code limit} leaves
     * the last event it consumed untaken.
     *
     * @return the events
     */
    java.util.stream.Stream<StreamEvent> stream();

    /**
     * Stops the cursor: a {@link #hasNext()} waiting on another thread returns {@code false}, and
     * a request in flight is cancelled. Saves nothing, and after it {@link #hasNext()} returns
     * {@code false} without taking the event last returned. Idempotent.
     */
    @Override
    void close();
}
