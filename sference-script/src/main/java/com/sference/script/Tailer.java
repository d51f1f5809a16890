package com.sference.script;

import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import com.sference.EventCursor;
import com.sference.SferenceClient;
import com.sference.SferenceException;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows a stream with the SDK's {@code follow} and a checkpoint store, printing or handing over
 * each event, and says how far it got when it ends.
 *
 * <p>Commits are per event: an event's {@code completion_id} is saved once the consumer has
 * returned and the tail asks for the next one, so a second tail repeats nothing and an interrupted
 * one loses nothing (delivery is at least once). It stops when interrupted, when the stream is no
 * longer open and drained, or after {@code idle} without an event (a timer closes the cursor).
 */
final class Tailer {
    /** The longest single long-poll; the server allows 30 s. */
    static final Duration POLL = Duration.ofSeconds(10);

    private final SferenceClient client;
    private final CheckpointStore checkpoints;
    private final PrintStream out;
    private long delivered;

    Tailer(SferenceClient client, CheckpointStore checkpoints, PrintStream out) {
        this.client = Objects.requireNonNull(client, "client");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.out = Objects.requireNonNull(out, "out");
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
        CheckpointKey key = CheckpointKey.of(client.baseUrl().toString(), streamId, CheckpointKey.DEFAULT_CONSUMER);
        String before = checkpoints.load(key).orElse(null);
        out.println("tail of stream " + streamId + (before == null ? " from its newest events" : " after " + before)
                + (idle == null ? "" : ", until " + Views.duration(idle) + " pass without one") + "; Ctrl-C stops it");
        TailOptions options = TailOptions.builder()
                .checkpoints(checkpoints)
                .commit(TailOptions.Commit.PER_EVENT)
                .longPollWait(POLL)
                .build();
        String stop = "stopped";
        AtomicBoolean idled = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sference-tail-idle");
            thread.setDaemon(true);
            return thread;
        });
        try (EventCursor cursor = client.streams().follow(streamId, options)) {
            ScheduledFuture<?> idleStop = arm(timer, cursor, idle, idled);
            while (cursor.hasNext()) {
                StreamEvent event = cursor.next();
                idleStop.cancel(false);
                deliver(event, consumer);
                idleStop = arm(timer, cursor, idle, idled);
            }
            stop = idled.get() ? "nothing new for " + Views.duration(idle)
                    : Thread.interrupted() ? "interrupted"
                    : "stream " + client.streams().get(streamId).statusText() + " and drained";
        } catch (SferenceException e) {
            if (!Thread.interrupted()) {
                throw e;
            }
            stop = "interrupted";
        } finally {
            timer.shutdownNow();
            String at = checkpoints.load(key).orElse(null);
            out.println("tail: " + delivered + " new event" + (delivered == 1 ? "" : "s") + ", " + stop
                    + (at == null ? "" : "; checkpoint " + at));
        }
        return delivered;
    }

    /** Closes {@code cursor} once {@code idle} passes, unless cancelled first; no timer without {@code idle}. */
    private static ScheduledFuture<?> arm(ScheduledExecutorService timer, EventCursor cursor, Duration idle,
            AtomicBoolean idled) {
        if (idle == null) {
            return timer.schedule(() -> { }, 0, TimeUnit.NANOSECONDS);
        }
        return timer.schedule(() -> {
            idled.set(true);
            cursor.close();
        }, idle.toNanos(), TimeUnit.NANOSECONDS);
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
}
