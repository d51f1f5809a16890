package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.EventCursor;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** A {@link TailTarget} over an {@link EventLogModel}, tailed by the SDK's own cursor and publisher. */
public final class ModelTarget implements TailTarget {
    private static final String BASE_URL = "http://model.test";
    private final EventLogModel model;
    private final Executor executor;

    /**
     * @param arrivals events appended before the 2nd, 3rd, ... page request
     * @param executor what publishers run on
     */
    public ModelTarget(List<Integer> arrivals, Executor executor) {
        this.model = new EventLogModel(arrivals);
        this.executor = executor;
    }

    public EventLogModel model() {
        return model;
    }

    @Override
    public void append(int count) {
        model.append(count);
    }

    @Override
    public List<String> log() {
        model.finishPending();
        return model.ids();
    }

    @Override
    public void archive(int pendingJobs) {
        model.status(StreamStatus.ARCHIVED, pendingJobs);
    }

    @Override
    public CheckpointKey key(String consumer) {
        return CheckpointKey.of(BASE_URL, "s_model", consumer);
    }

    @Override
    public EventCursor cursor(TailOptions options, boolean follow) {
        return Tails.cursor(model, key(options.consumer()), options, follow, 0);
    }

    @Override
    public Flow.Publisher<StreamEvent> publisher(TailOptions options, boolean follow) {
        return Tails.publisher(model, key(options.consumer()), options, follow, executor, 0);
    }

    @Override
    public java.util.OptionalInt logSizeAtLastPageRequest() {
        return java.util.OptionalInt.of(model.sizeAtLastAnswer());
    }

    @Override
    public Duration longPollWait() {
        return Duration.ofSeconds(20);
    }

    @Override
    public void close() {}
}
