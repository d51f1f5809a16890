package com.sference.internal.jsonl;

import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link BatchBodyStreamTest}: builds the batch body of a workload file and
 * reads it to the end, discarding it. Prints the bytes read and the declared length.
 */
public final class DrainBatchBody {
    private DrainBatchBody() {
    }

    /**
     * Arguments: the workload file and the caller's model.
     *
     * @param args file and model
     * @throws IOException if reading fails
     */
    public static void main(String[] args) throws IOException {
        RequestBody body = JsonlWorkload.batchBody(Path.of(args[0]), args[1]);
        byte[] buffer = new byte[8192];
        long count = 0;
        try (InputStream in = body.openStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                count += read;
            }
        }
        System.out.println("drained " + count + " of " + body.contentLength().getAsLong()
                + " with max heap " + Runtime.getRuntime().maxMemory());
    }
}
