package com.sference.it;

import com.sference.CheckpointStore;
import com.sference.EventCursor;
import com.sference.SferenceClient;
import com.sference.TailOptions;
import com.sference.model.StreamEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A consumer that {@link TailCrashTest} kills: follows a stream with the file checkpoint store,
 * committing per event, and appends each event's id to an output file, forced to disk, before it
 * comes back for the next event (which is when that event's checkpoint is saved). Prints
 * {@code drained} once the archived stream has been read to its end.
 *
 * <p>Arguments: base URL, API key, transport, stream id, checkpoint file, output file.
 */
public final class TailCrashMain {
    private TailCrashMain() {}

    public static void main(String[] args) throws IOException {
        TailOptions options = TailOptions.builder()
                .checkpoints(CheckpointStore.file(Path.of(args[4])))
                .consumer("crash-test")
                .origin(TailOptions.Origin.EARLIEST)
                .commit(TailOptions.Commit.PER_EVENT)
                .pageSize(7)
                .longPollWait(Duration.ofMillis(300))
                .build();
        try (SferenceClient client = SferenceClient.builder().baseUrl(args[0]).apiKey(args[1]).transport(args[2]).build();
                EventCursor events = client.streams().follow(args[3], options);
                FileChannel out = FileChannel.open(Path.of(args[5]), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (StreamEvent event : events) {
                ByteBuffer line = ByteBuffer.wrap((event.completionId() + "\n").getBytes(StandardCharsets.UTF_8));
                while (line.hasRemaining()) {
                    out.write(line);
                }
                out.force(false);
            }
        }
        System.out.println("drained");
    }
}
