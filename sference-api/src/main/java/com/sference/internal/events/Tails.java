package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.EventCursor;
import com.sference.TailOptions;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Creates the cursors and publishers behind {@code Streams.iterate/follow} and their async twins. */
public final class Tails {
    /**
     * The longest pause enforced between two empty long-polls. A server that honours
     * {@code wait_ms} never triggers it; one that ignores it is then polled about once a second
     * rather than in a tight loop.
     */
    static final Duration EMPTY_POLL_FLOOR = Duration.ofSeconds(1);

    private Tails() {}

    /**
     * {@return a blocking cursor over the events of {@code source}}; clears and loads the
     * checkpoint now
     *
     * @param follow whether to long-poll at the end of the log instead of ending
     */
    public static EventCursor cursor(EventSource source, CheckpointKey key, TailOptions options, boolean follow) {
        return cursor(source, key, options, follow, floorNanos(options));
    }

    static EventCursor cursor(EventSource source, CheckpointKey key, TailOptions options, boolean follow,
            long emptyPollFloorNanos) {
        Objects.requireNonNull(source, "source");
        Checkpointing checkpointing = new Checkpointing(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(key, "key"));
        Pager pager = pager(options, follow, checkpointing.start());
        return new BlockingCursor(source, pager, checkpointing, emptyPollFloorNanos);
    }

    /**
     * {@return a publisher of the events of {@code source} for one subscriber}, which runs on
     * {@code executor}; the checkpoint is loaded when the subscriber arrives
     *
     * @param follow whether to long-poll at the end of the log instead of completing
     */
    public static Flow.Publisher<StreamEvent> publisher(EventSource source, CheckpointKey key, TailOptions options,
            boolean follow, Executor executor) {
        return publisher(source, key, options, follow, executor, floorNanos(options));
    }

    static Flow.Publisher<StreamEvent> publisher(EventSource source, CheckpointKey key, TailOptions options,
            boolean follow, Executor executor, long emptyPollFloorNanos) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(executor, "executor");
        return new TailPublisher(() -> new TailSubscription.Setup(source, new Checkpointing(options, key),
                start -> pager(options, follow, start), emptyPollFloorNanos), executor);
    }

    private static Pager pager(TailOptions options, boolean follow, String startAfter) {
        return new Pager(startAfter, options.origin(), options.pageSize(), follow, options.longPollWait().toMillis());
    }

    private static long floorNanos(TailOptions options) {
        return Math.min(options.longPollWait().toNanos(), EMPTY_POLL_FLOOR.toNanos());
    }

    /** {@return the stream from {@code source}, asked for after a pause of {@code pauseNanos}} */
    static CompletableFuture<Stream> streamAfter(EventSource source, long pauseNanos) {
        if (pauseNanos <= 0) {
            return source.stream();
        }
        Executor later = CompletableFuture.delayedExecutor(pauseNanos, TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> {}, later).thenCompose(ignored -> source.stream());
    }
}
