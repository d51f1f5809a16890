package com.sference.internal.events;

import com.sference.EventCursor;
import com.sference.SferenceException;
import com.sference.model.EventPage;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

/**
 * The blocking {@link EventCursor}: runs a {@link Pager} over an {@link EventSource}, one request
 * at a time on the consumer's thread, and holds at most the rest of one page.
 */
final class BlockingCursor implements EventCursor {
    private final EventSource source;
    private final Pager pager;
    private final Checkpointing checkpointing;
    private final long emptyPollFloorNanos;
    private final ArrayDeque<StreamEvent> page = new ArrayDeque<>();
    private final AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
    private volatile boolean closed;
    private boolean ended;
    private long pauseNanos;
    /** Returned by {@link #next()} and not yet taken. */
    private StreamEvent returned;
    private boolean returnedEndsPage;
    /** Taken, but its page not yet finished, so not yet saved. */
    private StreamEvent unsaved;

    BlockingCursor(EventSource source, Pager pager, Checkpointing checkpointing, long emptyPollFloorNanos) {
        this.source = source;
        this.pager = pager;
        this.checkpointing = checkpointing;
        this.emptyPollFloorNanos = emptyPollFloorNanos;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        takeReturned();
        while (page.isEmpty()) {
            if (closed || ended || !step()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public StreamEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more events");
        }
        returned = page.poll();
        returnedEndsPage = page.isEmpty();
        return returned;
    }

    @Override
    public void commit() {
        StreamEvent last = returned != null ? returned : unsaved;
        returned = null;
        unsaved = null;
        if (last != null) {
            checkpointing.commit(last);
        }
    }

    @Override
    public Iterator<StreamEvent> iterator() {
        return this;
    }

    @Override
    public java.util.stream.Stream<StreamEvent> stream() {
        Spliterator<StreamEvent> events = Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(events, false).onClose(this::close);
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> current = inFlight.get();
        if (current != null) {
            current.cancel(true);
        }
    }

    private void takeReturned() {
        if (returned == null) {
            return;
        }
        StreamEvent event = returned;
        returned = null;
        unsaved = event;
        checkpointing.taken(event, returnedEndsPage);
        if (returnedEndsPage || checkpointing.savesEachEvent()) {
            unsaved = null;
        }
    }

    /** Makes one request; {@return false if the cursor has ended, was closed or interrupted} */
    private boolean step() {
        switch (pager.action()) {
            case FETCH -> {
                boolean longPoll = pager.longPolls();
                long started = System.nanoTime();
                EventPage answer = await(source.page(pager.query()));
                if (answer == null) {
                    return false;
                }
                List<StreamEvent> events = pager.onPage(answer);
                page.addAll(events);
                pauseNanos = events.isEmpty() && longPoll
                        ? Math.max(0, emptyPollFloorNanos - (System.nanoTime() - started)) : 0;
                return true;
            }
            case CHECK_STREAM -> {
                Stream stream = await(Tails.streamAfter(source, pauseNanos));
                if (stream == null) {
                    return false;
                }
                pager.onStream(stream);
                return true;
            }
            default -> {
                ended = true;
                return false;
            }
        }
    }

    /**
     * Waits for {@code future}; {@return its value, or null if the cursor was closed meanwhile or
     * the thread interrupted}, in which case the cursor is closed and the interrupt status kept
     */
    private <T> T await(CompletableFuture<T> future) {
        inFlight.set(future);
        if (closed) {
            future.cancel(true);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            return null;
        } catch (CancellationException | ExecutionException e) {
            if (closed) {
                return null;
            }
            throw SferenceException.unwrap(e);
        } finally {
            inFlight.compareAndSet(future, null);
        }
    }

    @Override
    public String toString() {
        return "EventCursor[after=" + pager.cursor() + (closed ? ", closed" : ended ? ", ended" : "") + "]";
    }
}
