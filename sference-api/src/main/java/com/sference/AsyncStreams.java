package com.sference;

import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.Window;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * {@link Streams} without blocking: each method returns at once, and its future completes with the
 * result or fails with a {@link SferenceException}.
 *
 * @since 0.1
 */
public interface AsyncStreams {
    /**
     * See {@link Streams#create(String)}.
     *
     * @param name its name
     * @return a future of the new, open stream
     */
    CompletableFuture<Stream> create(String name);

    /**
     * See {@link Streams#create(String, Window)}.
     *
     * @param name its name
     * @param window its completion window
     * @return a future of the new, open stream
     */
    CompletableFuture<Stream> create(String name, Window window);

    /**
     * See {@link Streams#list}.
     *
     * @return a future of every stream, newest first
     */
    CompletableFuture<List<Stream>> list();

    /**
     * See {@link Streams#get}.
     *
     * @param id the stream id
     * @return a future of the stream with its counters
     */
    CompletableFuture<Stream> get(String id);

    /**
     * See {@link Streams#archive}.
     *
     * @param id the stream id
     * @return a future of the stream after the call
     */
    CompletableFuture<Stream> archive(String id);

    /**
     * See {@link Streams#cancel}.
     *
     * @param id the stream id
     * @return a future of the stream after the call
     */
    CompletableFuture<Stream> cancel(String id);

    /**
     * See {@link Streams#events(String)}.
     *
     * @param id the stream id
     * @return a future of the newest events of the stream, newest first
     */
    CompletableFuture<EventPage> events(String id);

    /**
     * See {@link Streams#events(String, EventQuery)}.
     *
     * @param id the stream id
     * @param query which page
     * @return a future of the page
     */
    CompletableFuture<EventPage> events(String id, EventQuery query);

    /**
     * {@link #iterate(String, TailOptions)} with the {@link TailOptions#defaults() default options}.
     *
     * @param id the stream id
     * @return a publisher for one subscriber
     */
    Flow.Publisher<StreamEvent> iterate(String id);

    /**
     * A stream's events from where {@code options} say to start until the end of the log, as
     * {@link Streams#iterate(String, TailOptions)} reads them, published with back-pressure; the
     * subscriber is completed at the end. See {@link #follow(String, TailOptions)} for how events
     * are published and checkpoints saved.
     *
     * @param id the stream id
     * @param options where to start, the checkpoint and the page size
     * @return a publisher for one subscriber
     */
    Flow.Publisher<StreamEvent> iterate(String id, TailOptions options);

    /**
     * {@link #follow(String, TailOptions)} with the {@link TailOptions#defaults() default options}.
     *
     * @param id the stream id
     * @return a publisher for one subscriber
     */
    Flow.Publisher<StreamEvent> follow(String id);

    /**
     * A stream's events as they complete, as {@link Streams#follow(String, TailOptions)} reads them,
     * published with back-pressure. The subscriber is completed once the stream is cancelled or
     * archived and drained; it is never completed while the stream stays open.
     *
     * <p>A page is fetched only while the subscriber has requested more events than it received,
     * and {@code onNext} is never called more often than requested, so at most one page is held.
     * Cancelling the subscription stops polling and cancels the request in flight. An event counts
     * as taken once its {@code onNext} has returned: with {@link TailOptions.Commit#PER_EVENT} its
     * id is then saved, with {@link TailOptions.Commit#PER_PAGE} the id of a page's last event is.
     * A subscriber that hands events to another thread should therefore keep its own checkpoint.
     * Checkpoints are loaded and saved on the client's I/O threads, which also call the
     * subscriber, one signal at a time. The publisher takes one subscriber; a second one is sent
     * {@code onError} with an {@link IllegalStateException}. Failures, including a
     * {@link CheckpointException}, end the subscription with {@code onError}.
     *
     * <pre>{@code
     * client.async().streams().follow(streamId, options).subscribe(new Flow.Subscriber<>() {
     *     Flow.Subscription subscription;
     *     public void onSubscribe(Flow.Subscription s) { subscription = s; s.request(10); }
     *     public void onNext(StreamEvent event) { handle(event); subscription.request(1); }
     *     public void onError(Throwable failure) { failure.printStackTrace(); }
     *     public void onComplete() { System.out.println("stream closed"); }
     * });
     * }</pre>
     *
     * @param id the stream id
     * @param options where to start, the checkpoint, the page size and the long-poll wait
     * @return a publisher for one subscriber
     */
    Flow.Publisher<StreamEvent> follow(String id, TailOptions options);
}
