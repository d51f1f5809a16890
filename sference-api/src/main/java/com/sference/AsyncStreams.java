package com.sference;

import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.Window;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Streams} without blocking: each method returns at once, and its future completes with the
 * result or fails with a {@link SferenceException}.
 *
 * @since 0.1
 */
public interface AsyncStreams {
    /** See {@link Streams#create(String)}. */
    CompletableFuture<Stream> create(String name);

    /** See {@link Streams#create(String, Window)}. */
    CompletableFuture<Stream> create(String name, Window window);

    /** See {@link Streams#list}. */
    CompletableFuture<List<Stream>> list();

    /** See {@link Streams#get}. */
    CompletableFuture<Stream> get(String id);

    /** See {@link Streams#archive}. */
    CompletableFuture<Stream> archive(String id);

    /** See {@link Streams#cancel}. */
    CompletableFuture<Stream> cancel(String id);

    /** See {@link Streams#events(String)}. */
    CompletableFuture<EventPage> events(String id);

    /** See {@link Streams#events(String, EventQuery)}. */
    CompletableFuture<EventPage> events(String id, EventQuery query);
}
