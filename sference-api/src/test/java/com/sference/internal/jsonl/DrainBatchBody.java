package com.sference.internal.jsonl;

import com.sference.JsonlException;
import com.sference.transport.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Run in a child JVM by {@link BatchBodyStreamTest} and {@link JsonlWorkloadTest}: validates a
 * workload file, builds its batch body and reads it to the end, discarding it. Prints the bytes
 * read, the declared length and the SHA-256 of the body; or, for an invalid workload, prints
 * {@code refused: <message>} and exits with status 2.
 */
public final class DrainBatchBody {
    private DrainBatchBody() {
    }

    /**
     * Arguments: the workload file, the caller's model, and optionally the longest line allowed.
     *
     * @param args file, model and maximum line length
     * @throws IOException if reading fails
     * @throws NoSuchAlgorithmException never
     */
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        long maxLineBytes = args.length > 2 ? Long.parseLong(args[2]) : JsonlWorkload.DEFAULT_MAX_LINE_BYTES;
        RequestBody body;
        try {
            body = JsonlWorkload.batchBody(Path.of(args[0]), args[1], maxLineBytes);
        } catch (JsonlException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(2);
            return;
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        long count = 0;
        try (InputStream in = body.openStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                count += read;
                sha256.update(buffer, 0, read);
            }
        }
        System.out.println("drained " + count + " of " + body.contentLength().getAsLong()
                + " with max heap " + Runtime.getRuntime().maxMemory()
                + ", sha256 " + HexFormat.of().formatHex(sha256.digest()));
    }
}
