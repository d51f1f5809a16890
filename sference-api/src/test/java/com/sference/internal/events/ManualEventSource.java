package com.sference.internal.events;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An {@link EventSource} whose answers the test gives by hand, one request at a time. */
final class ManualEventSource implements EventSource {
    /** A request the tail made; {@code query} is null for a stream request. */
    record Request(EventQuery query, CompletableFuture<Object> answer) {
        @SuppressWarnings("unchecked")
        <T> CompletableFuture<T> future() {
            return (CompletableFuture<T>) (CompletableFuture<?>) answer;
        }

        void answerPage(List<StreamEvent> data, boolean hasMore) {
            answer.complete(new EventPage("list", data, hasMore, null));
        }

        void answerStream(StreamStatus status, long pending) {
            answer.complete(EventLogModel.stream("s", status, pending, 0));
        }
    }

    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    @Override
    public CompletableFuture<EventPage> page(EventQuery query) {
        Request request = new Request(query, new CompletableFuture<>());
        requests.add(request);
        return request.future();
    }

    @Override
    public CompletableFuture<Stream> stream() {
        Request request = new Request(null, new CompletableFuture<>());
        requests.add(request);
        return request.future();
    }

    /** {@return the next request the tail makes, waiting up to 10 s for it} */
    Request next() throws InterruptedException {
        Request request = requests.poll(10, TimeUnit.SECONDS);
        assertNotNull(request, "the tail made no request");
        return request;
    }

    /** {@return the next request if the tail has already made one, else null} */
    Request poll() {
        return requests.poll();
    }
}
