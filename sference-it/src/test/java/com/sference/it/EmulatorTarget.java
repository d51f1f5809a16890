package com.sference.it;

import com.sference.CheckpointKey;
import com.sference.EventCursor;
import com.sference.SferenceClient;
import com.sference.TailOptions;
import com.sference.internal.events.TailTarget;
import com.sference.model.CreateResponseRequest;
import com.sference.model.InputMessage;
import com.sference.model.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A new stream on an emulator whose jobs finish as they are created (step delay 0), tailed
 * through the public client: each job appended is the next event of the log.
 */
final class EmulatorTarget implements TailTarget {
    private final SferenceClient client;
    private final String streamId;
    private final List<String> log = new ArrayList<>();

    EmulatorTarget(SferenceClient client) {
        this.client = client;
        this.streamId = client.streams().create("tail-properties").id();
    }

    String streamId() {
        return streamId;
    }

    @Override
    public synchronized void append(int count) {
        for (int i = 0; i < count; i++) {
            log.add(client.responses().create(CreateResponseRequest.builder(EmulatorPerClass.MODEL)
                    .input(InputMessage.user("event " + log.size())).streamId(streamId).build()).id());
        }
    }

    @Override
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** The emulator's jobs do not stay pending at step delay 0, so pending jobs complete just before the archive. */
    @Override
    public void archive(int pendingJobs) {
        append(pendingJobs);
        client.streams().archive(streamId);
    }

    @Override
    public CheckpointKey key(String consumer) {
        return CheckpointKey.of(client.baseUrl().toString(), streamId, consumer);
    }

    @Override
    public EventCursor cursor(TailOptions options, boolean follow) {
        return follow ? client.streams().follow(streamId, options) : client.streams().iterate(streamId, options);
    }

    @Override
    public Flow.Publisher<StreamEvent> publisher(TailOptions options, boolean follow) {
        return follow ? client.async().streams().follow(streamId, options)
                : client.async().streams().iterate(streamId, options);
    }

    /** Archiving does not wake the emulator's long-polls, so a follow ends one short wait after it. */
    @Override
    public Duration longPollWait() {
        return Duration.ofMillis(50);
    }

    @Override
    public void close() {}
}
