package com.sference.internal.client;

import com.sference.AsyncStreams;
import com.sference.CheckpointKey;
import com.sference.EventCursor;
import com.sference.Streams;
import com.sference.TailOptions;
import com.sference.internal.events.EventSource;
import com.sference.internal.events.Tails;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.Window;
import java.util.List;
import java.util.Objects;

/** {@link Streams} as the blocking face of {@link AsyncStreams}. */
final class SyncStreams implements Streams {
    private final AsyncStreams async;
    private final String baseUrl;

    SyncStreams(AsyncStreams async, String baseUrl) {
        this.async = async;
        this.baseUrl = baseUrl;
    }

    @Override
    public Stream create(String name) {
        return Futures.join(async.create(name));
    }

    @Override
    public Stream create(String name, Window window) {
        return Futures.join(async.create(name, window));
    }

    @Override
    public List<Stream> list() {
        return Futures.join(async.list());
    }

    @Override
    public Stream get(String id) {
        return Futures.join(async.get(id));
    }

    @Override
    public Stream archive(String id) {
        return Futures.join(async.archive(id));
    }

    @Override
    public Stream cancel(String id) {
        return Futures.join(async.cancel(id));
    }

    @Override
    public EventPage events(String id) {
        return Futures.join(async.events(id));
    }

    @Override
    public EventPage events(String id, EventQuery query) {
        return Futures.join(async.events(id, query));
    }

    @Override
    public EventCursor iterate(String id) {
        return iterate(id, TailOptions.defaults());
    }

    @Override
    public EventCursor iterate(String id, TailOptions options) {
        return cursor(id, options, false);
    }

    @Override
    public EventCursor follow(String id) {
        return follow(id, TailOptions.defaults());
    }

    @Override
    public EventCursor follow(String id, TailOptions options) {
        return cursor(id, options, true);
    }

    private EventCursor cursor(String id, TailOptions options, boolean follow) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        CheckpointKey key = CheckpointKey.of(baseUrl, id, options.consumer());
        return Tails.cursor(EventSource.of(async, id), key, options, follow);
    }
}
