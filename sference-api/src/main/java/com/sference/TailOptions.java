package com.sference;

import com.sference.model.EventQuery;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to tail a stream's events with {@link Streams#iterate(String, TailOptions)},
 * {@link Streams#follow(String, TailOptions)} and their async twins: where to start, which
 * consumer's checkpoint to keep and where, when to save it, and how pages are fetched.
 *
 * <p>Where a tail starts: after {@link Builder#startingAfter(String) a cursor} if one is given;
 * otherwise after the consumer's saved checkpoint if there is one; otherwise at the
 * {@link Builder#origin(Origin) origin} (by default the newest page, as in the Python SDK).
 * {@link Builder#fromLatest()} and {@link Builder#fromEarliest()} first clear the checkpoint.
 *
 * <pre>{@code
 * TailOptions options = TailOptions.builder()
 *         .consumer("billing")
 *         .checkpoints(CheckpointStore.file())
 *         .commit(TailOptions.Commit.PER_EVENT)
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable.
 *
 * @since 0.1
 */
public final class TailOptions {
    /** The page size used unless another is set, as in the Python SDK. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    /** The long-poll wait used unless another is set. */
    public static final Duration DEFAULT_LONG_POLL_WAIT = Duration.ofSeconds(20);

    private static final TailOptions DEFAULTS = new Builder().build();

    /**
     * Where a tail begins when it has neither a cursor nor a checkpoint.
     *
     * @since 0.1
     */
    public enum Origin {
        /**
         * The newest page ({@link Builder#pageSize} events), delivered oldest first, then whatever
         * follows it. Older events are not delivered. The Python SDK's behaviour; the default.
         */
        NEWEST_PAGE,
        /**
         * The stream's first event. The tail first pages back with {@code ending_before} to find
         * it, without delivering, so that memory stays bounded by one page.
         */
        EARLIEST
    }

    /**
     * When the checkpoint is saved. Either way it never moves past an event the consumer has not taken.
     *
     * @since 0.1
     */
    public enum Commit {
        /** Once every event of a fetched page has been taken: one write per page. The default. */
        PER_PAGE,
        /** After each event has been taken: one write per event, the fewest replays after a crash. */
        PER_EVENT
    }

    private final String consumer;
    private final CheckpointStore checkpoints;
    private final String startingAfter;
    private final boolean resetCheckpoint;
    private final Origin origin;
    private final int pageSize;
    private final Commit commit;
    private final Duration longPollWait;

    private TailOptions(Builder builder) {
        this.consumer = builder.consumer;
        this.checkpoints = builder.checkpoints;
        this.startingAfter = builder.startingAfter;
        this.resetCheckpoint = builder.resetCheckpoint;
        this.origin = builder.origin;
        this.pageSize = builder.pageSize;
        this.commit = builder.commit;
        this.longPollWait = builder.longPollWait;
    }

    /**
     * {@return the default options}: consumer {@code default}, no checkpoint store, the newest page
     * as origin, 100 events a page, commit per page, 20 s long-polls
     */
    public static TailOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.consumer = consumer;
        builder.checkpoints = checkpoints;
        builder.startingAfter = startingAfter;
        builder.resetCheckpoint = resetCheckpoint;
        builder.origin = origin;
        builder.pageSize = pageSize;
        builder.commit = commit;
        builder.longPollWait = longPollWait;
        return builder;
    }

    /** {@return the consumer whose checkpoint is kept} */
    public String consumer() {
        return consumer;
    }

    /** {@return where checkpoints are loaded from and saved to; empty if the tail keeps none} */
    public Optional<CheckpointStore> checkpoints() {
        return Optional.ofNullable(checkpoints);
    }

    /** {@return the event after which the tail starts, ahead of any checkpoint; empty if none was given} */
    public Optional<String> startingAfter() {
        return Optional.ofNullable(startingAfter);
    }

    /** {@return whether the consumer's checkpoint is cleared before the tail starts} */
    public boolean resetCheckpoint() {
        return resetCheckpoint;
    }

    /** {@return where the tail starts when it has neither a cursor nor a checkpoint} */
    public Origin origin() {
        return origin;
    }

    /** {@return how many events are fetched a page} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return when the checkpoint is saved} */
    public Commit commit() {
        return commit;
    }

    /** {@return how long a follow's request waits on the server for the next event} */
    public Duration longPollWait() {
        return longPollWait;
    }

    @Override
    public String toString() {
        return "TailOptions[consumer=" + consumer + ", checkpoints=" + checkpoints + ", startingAfter=" + startingAfter
                + ", resetCheckpoint=" + resetCheckpoint + ", origin=" + origin + ", pageSize=" + pageSize
                + ", commit=" + commit + ", longPollWait=" + longPollWait + "]";
    }

    /**
     * Builds {@link TailOptions}. Setters change the builder and return it; a builder is not
     * thread-safe, and {@link #build()} may be called more than once.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String consumer = CheckpointKey.DEFAULT_CONSUMER;
        private CheckpointStore checkpoints;
        private String startingAfter;
        private boolean resetCheckpoint;
        private Origin origin = Origin.NEWEST_PAGE;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Commit commit = Commit.PER_PAGE;
        private Duration longPollWait = DEFAULT_LONG_POLL_WAIT;

        private Builder() {}

        /**
         * Names the consumer whose checkpoint is loaded and saved; {@value CheckpointKey#DEFAULT_CONSUMER}
         * by default. Consumers of one stream with different names keep separate positions.
         *
         * @param consumer a non-empty name
         * @return this builder
         */
        public Builder consumer(String consumer) {
            Objects.requireNonNull(consumer, "consumer");
            if (consumer.isEmpty()) {
                throw new IllegalArgumentException("consumer must not be empty");
            }
            this.consumer = consumer;
            return this;
        }

        /**
         * Keeps the consumer's position in {@code store}: the tail resumes after it and saves it as
         * events are taken. By default no store is used and nothing is saved;
         * {@link CheckpointStore#file()} shares positions with the Python SDK.
         *
         * @param store the store
         * @return this builder
         */
        public Builder checkpoints(CheckpointStore store) {
            this.checkpoints = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Starts after the event {@code completionId}, ahead of any saved checkpoint (which is still
         * saved as events are taken); none by default.
         *
         * @param completionId an event of the stream
         * @return this builder
         */
        public Builder startingAfter(String completionId) {
            this.startingAfter = Objects.requireNonNull(completionId, "completionId");
            return this;
        }

        /**
         * Clears the consumer's checkpoint and starts at the newest page: the Python SDK's
         * {@code from_latest}. Sets {@link #origin(Origin)} to {@link Origin#NEWEST_PAGE}.
         *
         * @return this builder
         */
        public Builder fromLatest() {
            this.resetCheckpoint = true;
            this.origin = Origin.NEWEST_PAGE;
            return this;
        }

        /**
         * Clears the consumer's checkpoint and starts at the stream's first event. Sets
         * {@link #origin(Origin)} to {@link Origin#EARLIEST}.
         *
         * @return this builder
         */
        public Builder fromEarliest() {
            this.resetCheckpoint = true;
            this.origin = Origin.EARLIEST;
            return this;
        }

        /**
         * Sets where the tail starts when there is neither a cursor nor a checkpoint, without
         * clearing anything; {@link Origin#NEWEST_PAGE} by default.
         *
         * @param origin where to start
         * @return this builder
         */
        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * Sets how many events each request fetches, 1 to 100; {@value TailOptions#DEFAULT_PAGE_SIZE}
         * by default. It is also the size of the newest page a tail without a position starts with.
         *
         * @param pageSize events a page
         * @return this builder
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 100) {
                throw new IllegalArgumentException("pageSize must be within 1..100: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Sets when the checkpoint is saved; {@link Commit#PER_PAGE} by default.
         *
         * @param commit per page or per event
         * @return this builder
         */
        public Builder commit(Commit commit) {
            this.commit = Objects.requireNonNull(commit, "commit");
            return this;
        }

        /**
         * Sets how long a follow's request may wait on the server for the next event
         * ({@code wait_ms}), 1 ms to 30 s; 20 s by default. The request's timeout is extended by
         * this wait. Not used by {@code iterate}.
         *
         * @param wait the long-poll wait
         * @return this builder
         */
        public Builder longPollWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.compareTo(Duration.ofMillis(1)) < 0
                    || wait.compareTo(Duration.ofMillis(EventQuery.MAX_WAIT_MS)) > 0) {
                throw new IllegalArgumentException("longPollWait must be within 1 ms..30 s: " + wait);
            }
            this.longPollWait = wait;
            return this;
        }

        /** {@return the options} */
        public TailOptions build() {
            return new TailOptions(this);
        }
    }
}
