package com.sference.internal.events;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;

/**
 * One tail's use of its checkpoint store: where to start, and when a taken event moves the
 * checkpoint. Without a store it starts at the given cursor or the origin and saves nothing.
 */
final class Checkpointing {
    private final CheckpointStore store;
    private final CheckpointKey key;
    private final TailOptions options;

    Checkpointing(TailOptions options, CheckpointKey key) {
        this.store = options.checkpoints().orElse(null);
        this.key = key;
        this.options = options;
    }

    /**
     * Clears the checkpoint if the options say so, then {@return the event to start after}: the
     * cursor given, else the saved checkpoint, else null (start at the origin). Blocks on the store.
     */
    String start() {
        if (store != null && options.resetCheckpoint()) {
            store.clear(key);
        }
        if (options.startingAfter().isPresent()) {
            return options.startingAfter().get();
        }
        return store == null ? null : store.load(key).orElse(null);
    }

    /**
     * Records that the consumer has taken {@code event}: saves its id per event, or per page when
     * it is the last event of its page. Blocks on the store.
     */
    void taken(StreamEvent event, boolean lastOfPage) {
        if (store != null && (lastOfPage || options.commit() == TailOptions.Commit.PER_EVENT)) {
            store.save(key, event.completionId());
        }
    }

    /** {@return whether every taken event is saved at once} */
    boolean savesEachEvent() {
        return options.commit() == TailOptions.Commit.PER_EVENT;
    }

    /** Saves {@code event}'s id now, whatever the commit mode. Blocks on the store. */
    void commit(StreamEvent event) {
        if (store != null) {
            store.save(key, event.completionId());
        }
    }
}
