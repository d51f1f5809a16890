package com.sference.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The request body as read by a handler: counts bytes, enforces the size limit (throwing a
 * {@code 413} {@link ApiError}) and optionally digests what passes for idempotency checks.
 */
final class BodyStream extends InputStream {

    private final InputStream in;
    private final long max;
    private final MessageDigest digest;
    private long count;

    BodyStream(InputStream in, long max, MessageDigest digest) {
        this.in = in;
        this.max = max;
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > max) {
                throw ApiError.tooLarge(max);
            }
            if (digest != null) {
                digest.update(b, off, n);
            }
        }
        return n;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Reads (and digests) whatever the handler left unread. */
    void drain() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // discard
        }
    }

    /** The digest of the whole body; drains it first. Null when not digesting. */
    byte[] digest() throws IOException {
        if (digest == null) {
            return null;
        }
        drain();
        return digest.digest();
    }

    @Override
    public void close() {
        // the exchange owns the underlying stream
    }
}
