package com.sference.internal.events;

import com.sference.ClientClosedException;
import com.sference.SferenceException;
import com.sference.model.EventPage;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One subscriber's tail. All work (checkpoint I/O, deciding requests, calling the subscriber)
 * runs in a drain loop on {@code executor}, one pass at a time: {@link #request}, {@link #cancel}
 * and completed requests only signal it. A request is started only while the subscriber has
 * demand and no event is buffered, so at most one page is held, and {@code onNext} is called
 * only against demand.
 */
final class TailSubscription implements Flow.Subscription {
    /**
     * What a subscription is built from, made when a subscriber arrives.
     *
     * @param source the stream's pages and status
     * @param checkpointing the tail's checkpoint
     * @param pagerFactory makes the pager once the start cursor is known (or null, to start at the origin)
     * @param emptyPollFloorNanos the shortest time between two empty long-polls
     */
    record Setup(EventSource source, Checkpointing checkpointing, Function<String, Pager> pagerFactory,
            long emptyPollFloorNanos) {}

    private record Failure(Throwable cause) {}

    private final Flow.Subscriber<? super StreamEvent> subscriber;
    private final Setup setup;
    private final Executor executor;
    private final AtomicInteger signals = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
    private final AtomicBoolean rejected = new AtomicBoolean();
    private volatile boolean cancelled;
    /** Set once {@code onSubscribe} has returned: no other signal may overlap it. */
    private volatile boolean started;
    private volatile IllegalArgumentException invalidRequest;
    /** The answer of the request in flight, once it completed: an EventPage, a Stream or a Failure. */
    private volatile Object answer;

    // Touched only by the drain loop.
    private final ArrayDeque<StreamEvent> page = new ArrayDeque<>();
    private Pager pager;
    private boolean waiting;
    private boolean done;
    private boolean longPoll;
    private long fetchStarted;
    private long pauseNanos;

    TailSubscription(Flow.Subscriber<? super StreamEvent> subscriber, Setup setup, Executor executor) {
        this.subscriber = subscriber;
        this.setup = setup;
        this.executor = executor;
    }

    /**
     * Called once {@code onSubscribe} has returned: loads the checkpoint on the executor; nothing is
     * fetched before the first request.
     */
    void start() {
        started = true;
        signal();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            invalidRequest = new IllegalArgumentException("request(n) needs n > 0, got " + n);
        } else {
            demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
        }
        signal();
    }

    @Override
    public void cancel() {
        cancelled = true;
        CompletableFuture<?> current = inFlight.get();
        if (current != null) {
            current.cancel(true);
        }
    }

    private void signal() {
        if (signals.getAndIncrement() != 0) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The client is closed and no drain loop will run: end the subscription from here, once,
            // and not while onSubscribe runs (start() signals again).
            signals.set(0);
            cancelled = true;
            if (started && rejected.compareAndSet(false, true)) {
                ClientClosedException closed = new ClientClosedException("tailing a stream");
                closed.initCause(e);
                subscriber.onError(closed);
            }
        }
    }

    private void drain() {
        do {
            try {
                pass();
            } catch (Throwable failure) {
                // Request failures arrive unwrapped (see take); the subscriber's own is passed back as it is.
                fail(failure);
            }
        } while (signals.decrementAndGet() != 0);
    }

    private void pass() {
        if (done || !started) {
            return;
        }
        if (cancelled) {
            done = true;
            return;
        }
        if (invalidRequest != null) {
            fail(invalidRequest);
            return;
        }
        if (pager == null) {
            pager = setup.pagerFactory().apply(setup.checkpointing().start());
        }
        Object completed = answer;
        if (completed != null) {
            answer = null;
            waiting = false;
            take(completed);
        }
        while (!page.isEmpty() && demand.get() > 0) {
            if (cancelled) {
                done = true;
                return;
            }
            StreamEvent event = page.poll();
            boolean endsPage = page.isEmpty();
            demand.getAndUpdate(current -> current == Long.MAX_VALUE ? current : current - 1);
            subscriber.onNext(event);
            setup.checkpointing().taken(event, endsPage);
        }
        if (!page.isEmpty() || waiting || cancelled) {
            return;
        }
        Pager.Action action = pager.action();
        if (action == Pager.Action.END) {
            done = true;
            subscriber.onComplete();
        } else if (demand.get() > 0) {
            send(action);
        }
    }

    private void take(Object completed) {
        if (completed instanceof Failure failure) {
            throw SferenceException.unwrap(failure.cause());
        }
        if (completed instanceof EventPage eventPage) {
            List<StreamEvent> events = pager.onPage(eventPage);
            page.addAll(events);
            pauseNanos = events.isEmpty() && longPoll
                    ? Math.max(0, setup.emptyPollFloorNanos() - (System.nanoTime() - fetchStarted)) : 0;
        } else {
            pager.onStream((Stream) completed);
        }
    }

    private void send(Pager.Action action) {
        CompletableFuture<?> request;
        if (action == Pager.Action.FETCH) {
            longPoll = pager.longPolls();
            fetchStarted = System.nanoTime();
            request = setup.source().page(pager.query());
        } else {
            request = Tails.streamAfter(setup.source(), pauseNanos);
        }
        waiting = true;
        inFlight.set(request);
        if (cancelled) {
            request.cancel(true);
        }
        request.whenComplete((value, failure) -> {
            inFlight.compareAndSet(request, null);
            answer = failure != null ? new Failure(failure) : value;
            signal();
        });
    }

    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        cancel();
        subscriber.onError(failure);
    }
}
