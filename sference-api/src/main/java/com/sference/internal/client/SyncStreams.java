package com.sference.internal.client;

import com.sference.AsyncStreams;
import com.sference.Streams;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.Window;
import java.util.List;

/** {@link Streams} as the blocking face of {@link AsyncStreams}. */
final class SyncStreams implements Streams {
    private final AsyncStreams async;

    SyncStreams(AsyncStreams async) {
        this.async = async;
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
}
