package com.sference.internal.events;

import com.sference.AsyncStreams;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The two calls a tail makes on one stream: a page of its events, and the stream itself. */
public interface EventSource {
    /** {@return the page {@code query} names} */
    CompletableFuture<EventPage> page(EventQuery query);

    /** {@return the stream, with its status and counters} */
    CompletableFuture<Stream> stream();

    /** {@return the source of stream {@code streamId} through {@code streams}} */
    static EventSource of(AsyncStreams streams, String streamId) {
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(streamId, "streamId");
        return new EventSource() {
            @Override
            public CompletableFuture<EventPage> page(EventQuery query) {
                return streams.events(streamId, query);
            }

            @Override
            public CompletableFuture<Stream> stream() {
                return streams.get(streamId);
            }
        };
    }
}
