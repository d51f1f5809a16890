package com.sference.script;

import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.model.EventPage;
import com.sference.model.EventQuery;
import com.sference.model.Stream;
import com.sference.model.StreamEvent;
import com.sference.model.StreamStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows a stream's event log, long-polling, and keeps the consumer's place (checkpoint).
 *
 * <p>Without a checkpoint it starts with the newest page (up to 100 events) in chronological
 * order, as the Python SDK does; with one it pages forward with {@code starting_after}. Each event
 * is handed over, then its {@code completion_id} is saved as the checkpoint, so an interruption
 * never loses or repeats one (delivery is at least once). It stops when interrupted, when the
 * stream is no longer open and every job of it has its event, or after {@code idle} without an
 * event.
 *
 * <p>Until the SDK's own follow mode and {@code CheckpointStore} exist, this is the only class
 * that knows how: checkpoints live in a map the session keeps, keyed like the Python SDK's file
 * ({@code <base URL>:<stream id>:default}).
 */
final class Tailer {
    /** The longest single long-poll; the server allows 30 s. */
    static final Duration POLL = Duration.ofSeconds(10);
    /** The pause between empty pages when a server does not hold long-polls. */
    static final Duration MIN_PAUSE = Duration.ofMillis(250);
    private static final int PAGE = 100;
    private static final String CONSUMER = "default";

    private final SferenceClient client;
    private final Map<String, String> checkpoints;
    private final PrintStream out;
    private long delivered;

    Tailer(SferenceClient client, Map<String, String> checkpoints, PrintStream out) {
        this.client = Objects.requireNonNull(client, "client");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** {@return the key of a stream's checkpoint: base URL without trailing {@code /}, stream id, consumer} */
    static String key(String baseUrl, String streamId) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + ":" + streamId + ":" + CONSUMER;
    }

    /** {@return how many events were handed over so far, also after a failure} */
    long delivered() {
        return delivered;
    }

    /**
     * Follows the stream until it is closed and drained, {@code idle} passes without an event, or
     * the thread is interrupted (the interrupt is consumed: it is how a tail is stopped).
     *
     * @param streamId the stream
     * @param idle how long to wait for an event before stopping; {@code null} to wait forever
     * @param consumer takes each event; {@code null} prints it as a table row
     * @return how many events were handed over
     */
    long tail(String streamId, Duration idle, Consumer<StreamEvent> consumer) {
        String key = key(client.baseUrl().toString(), streamId);
        String last = checkpoints.get(key);
        out.println("tail of stream " + streamId + (last == null ? " from its newest events" : " after " + last)
                + (idle == null ? "" : ", until " + Views.duration(idle) + " pass without one") + "; Ctrl-C stops it");
        // Whatever ends the tail (JShell's Ctrl-C throws into this thread), it says how far it got.
        String stop = "stopped";
        long lastEventNanos = System.nanoTime();
        boolean hold = false; // long-poll only once the stream is known to be open or still running jobs
        try {
            while (true) {
                if (Thread.interrupted()) {
                    stop = "interrupted";
                    break;
                }
                Duration left = idle == null ? POLL : idle.minusNanos(System.nanoTime() - lastEventNanos);
                if (left.isNegative() || left.isZero()) {
                    stop = "nothing new for " + Views.duration(idle);
                    break;
                }
                Duration wait = !hold ? Duration.ZERO : left.compareTo(POLL) < 0 ? left : POLL;
                long asked = System.nanoTime();
                List<StreamEvent> events = page(streamId, last, wait);
                if (events.isEmpty() && hold) {
                    pauseIfNotHeld(asked, wait);
                    hold = false; // the stream may have closed meanwhile: look again
                    continue;
                }
                if (events.isEmpty()) {
                    Stream stream = client.streams().get(streamId);
                    if (stream.status() == StreamStatus.OPEN || stream.pendingItems() + stream.runningItems() > 0) {
                        hold = true;
                        continue;
                    }
                    // Closed with every job finished: deliver what completed since the page, then stop.
                    events = page(streamId, last, Duration.ZERO);
                    if (events.isEmpty()) {
                        stop = "stream " + stream.statusText() + " and drained";
                        break;
                    }
                }
                for (StreamEvent event : events) {
                    deliver(event, consumer);
                    last = event.completionId();
                    checkpoints.put(key, last);
                }
                lastEventNanos = System.nanoTime();
                hold = false;
            }
        } catch (SferenceException e) {
            if (!Thread.interrupted()) {
                throw e;
            }
            stop = "interrupted";
        } finally {
            String at = checkpoints.get(key);
            out.println("tail: " + delivered + " new event" + (delivered == 1 ? "" : "s") + ", " + stop
                    + (at == null ? "" : "; checkpoint " + at));
        }
        return delivered;
    }

    /** Hands one event over: to the consumer, or printed as a row (under a header before the first). */
    private void deliver(StreamEvent event, Consumer<StreamEvent> consumer) {
        if (consumer != null) {
            consumer.accept(event);
        } else {
            if (delivered == 0) {
                out.println(Views.eventHeader());
            }
            out.println(Views.eventRow(event));
        }
        delivered++;
    }

    /** Sleeps a little when a server answered an empty long-poll at once, so a tail never spins. */
    private static void pauseIfNotHeld(long askedNanos, Duration wait) {
        long heldMillis = (System.nanoTime() - askedNanos) / 1_000_000;
        if (heldMillis < wait.toMillis() / 2) {
            try {
                Thread.sleep(Math.min(MIN_PAUSE.toMillis(), wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@return the next events in chronological order: after {@code last}, or the newest page without it} */
    private List<StreamEvent> page(String streamId, String last, Duration wait) {
        EventQuery query = (last == null ? EventQuery.latest() : EventQuery.after(last)).withLimit(PAGE).withWait(wait);
        EventPage page = client.streams().events(streamId, query);
        if (last != null) {
            return page.data();
        }
        List<StreamEvent> chronological = new ArrayList<>(page.data());
        Collections.reverse(chronological);
        return chronological;
    }
}
