package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.EventCursor;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * One stream that {@link TailProperties} tails: the in-memory model, or a stream on the emulator
 * over HTTP. Appending makes events at once, in order.
 */
public interface TailTarget extends AutoCloseable {
    /** Appends {@code count} events to the log. */
    void append(int count);

    /** {@return the ids of the whole log, oldest first} */
    List<String> log();

    /**
     * Archives the stream while {@code pendingJobs} of its jobs are still to complete: their events
     * come after the archive (on a target that cannot hold jobs pending, just before it). No event
     * is appended after those.
     */
    void archive(int pendingJobs);

    /** {@return the checkpoint key of {@code consumer} on this stream} */
    CheckpointKey key(String consumer);

    /** {@return a cursor as {@code streams().iterate} or {@code follow} makes it} */
    EventCursor cursor(TailOptions options, boolean follow);

    /** {@return a publisher as {@code async().streams().iterate} or {@code follow} makes it} */
    Flow.Publisher<StreamEvent> publisher(TailOptions options, boolean follow);

    /**
     * {@return the size of the log when the last page request was answered, if the target knows}:
     * an iteration delivers exactly the events up to there
     */
    default java.util.OptionalInt logSizeAtLastPageRequest() {
        return java.util.OptionalInt.empty();
    }

    /** {@return the long-poll wait that makes a follow on this target finish quickly once archived} */
    java.time.Duration longPollWait();

    @Override
    void close();
}
