package com.sference.internal.client;

import static com.sference.internal.client.ApiCaller.encode;

import com.sference.AsyncStreams;
import com.sference.CheckpointKey;
import com.sference.TailOptions;
import com.sference.internal.events.EventSource;
import com.sference.internal.events.Tails;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.Window;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

final class AsyncStreamsImpl implements AsyncStreams {
    private final ApiCaller caller;

    AsyncStreamsImpl(ApiCaller caller) {
        this.caller = caller;
    }

    @Override
    public CompletableFuture<Stream> create(String name) {
        return create(name, Window.ONE_DAY);
    }

    @Override
    public CompletableFuture<Stream> create(String name, Window window) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("window", window.wireValue());
        return caller.json("POST", "/v1/streams", body, Stream.class);
    }

    @Override
    public CompletableFuture<List<Stream>> list() {
        return Futures.map(caller.<WireLists.StreamList>json("GET", "/v1/streams", null, WireLists.StreamList.class),
                WireLists.StreamList::items);
    }

    @Override
    public CompletableFuture<Stream> get(String id) {
        return caller.json("GET", "/v1/streams/" + encode(id), null, Stream.class);
    }

    @Override
    public CompletableFuture<Stream> archive(String id) {
        return moveTo(id, "archived");
    }

    @Override
    public CompletableFuture<Stream> cancel(String id) {
        return moveTo(id, "cancelled");
    }

    private CompletableFuture<Stream> moveTo(String id, String status) {
        return caller.json("PATCH", "/v1/streams/" + encode(id), Map.of("status", status), Stream.class);
    }

    @Override
    public CompletableFuture<EventPage> events(String id) {
        return events(id, EventQuery.latest());
    }

    @Override
    public CompletableFuture<EventPage> events(String id, EventQuery query) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(query, "query");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", String.valueOf(query.limit()));
        if (query.startingAfter() != null) {
            params.put("starting_after", query.startingAfter());
        }
        if (query.endingBefore() != null) {
            params.put("ending_before", query.endingBefore());
        }
        if (query.waitMs() > 0) {
            params.put("wait_ms", String.valueOf(query.waitMs()));
        }
        return caller.json("GET", "/v1/streams/" + encode(id) + "/events", params, null, EventPage.class,
                Duration.ofMillis(query.waitMs()));
    }

    @Override
    public Flow.Publisher<StreamEvent> iterate(String id) {
        return iterate(id, TailOptions.defaults());
    }

    @Override
    public Flow.Publisher<StreamEvent> iterate(String id, TailOptions options) {
        return publisher(id, options, false);
    }

    @Override
    public Flow.Publisher<StreamEvent> follow(String id) {
        return follow(id, TailOptions.defaults());
    }

    @Override
    public Flow.Publisher<StreamEvent> follow(String id, TailOptions options) {
        return publisher(id, options, true);
    }

    private Flow.Publisher<StreamEvent> publisher(String id, TailOptions options, boolean follow) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        CheckpointKey key = CheckpointKey.of(caller.baseUrl().toString(), id, options.consumer());
        return Tails.publisher(EventSource.of(this, id), key, options, follow, caller.io());
    }
}
