package com.sference.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of a {@link TransportRequest}, streamed to the wire without being held in memory.
 *
 * <p>A transport calls {@link #openStream()} once per attempt and copies what it reads to the
 * connection. A {@linkplain #isReplayable() replayable} body yields the same bytes from every call,
 * so a retry can send it again; a non-replayable one can be opened once only, and the SDK never
 * retries a request that carries one after it was opened.
 *
 * @since 0.1
 */
public interface RequestBody {

    /** The media type of JSON bodies. */
    String JSON = "application/json";

    /** {@return the {@code Content-Type} of the body} */
    String contentType();

    /** {@return the exact length in bytes, or empty when unknown (sent chunked)} */
    OptionalLong contentLength();

    /** {@return whether {@link #openStream()} may be called more than once} */
    boolean isReplayable();

    /**
     * Opens the body's bytes for reading. The stream may produce its bytes lazily, from a file or
     * a generator, so that large bodies go out in bounded memory.
     *
     * @return a new stream of the body's bytes, which the caller closes
     * @throws IOException if the source cannot be read
     * @throws IllegalStateException if the body is not replayable and was opened before
     */
    InputStream openStream() throws IOException;

    /**
     * Copies the whole body to {@code out}.
     *
     * @param out where to write
     * @throws IOException if reading the source or writing fails
     */
    default void writeTo(OutputStream out) throws IOException {
        try (InputStream in = openStream()) {
            in.transferTo(out);
        }
    }

    /**
     * {@return a replayable body of {@code bytes} (not copied: do not change them)}
     *
     * @param bytes the body
     * @param contentType its {@code Content-Type}
     */
    static RequestBody ofBytes(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        return ofStream(contentType, OptionalLong.of(bytes.length), true, () -> new ByteArrayInputStream(bytes));
    }

    /**
     * {@return a replayable JSON body of {@code json}, encoded as UTF-8}
     *
     * @param json the JSON text
     */
    static RequestBody ofString(String json) {
        return ofString(json, JSON);
    }

    /**
     * {@return a replayable body of {@code text}, encoded as UTF-8}
     *
     * @param text the body
     * @param contentType its {@code Content-Type}
     */
    static RequestBody ofString(String text, String contentType) {
        return ofBytes(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * {@return a replayable body that streams {@code file}} Its length is read now.
     *
     * @param file the file to send
     * @param contentType its {@code Content-Type}
     * @throws UncheckedIOException if the file's size cannot be read
     */
    static RequestBody ofFile(Path file, String contentType) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
        return ofStream(contentType, OptionalLong.of(size), true, () -> Files.newInputStream(file));
    }

    /**
     * {@return a body whose bytes come from {@code source}}
     *
     * @param contentType the media type
     * @param length the exact length, or empty when unknown
     * @param replayable whether {@code source} yields the same bytes on every call
     * @param source opens a new stream of the bytes
     */
    static RequestBody ofStream(String contentType, OptionalLong length, boolean replayable, StreamSource source) {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(source, "source");
        AtomicBoolean opened = new AtomicBoolean();
        return new RequestBody() {
            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public OptionalLong contentLength() {
                return length;
            }

            @Override
            public boolean isReplayable() {
                return replayable;
            }

            @Override
            public InputStream openStream() throws IOException {
                if (!replayable && !opened.compareAndSet(false, true)) {
                    throw new IllegalStateException("this request body can be read only once");
                }
                return source.open();
            }

            @Override
            public String toString() {
                return "RequestBody[" + contentType + ", " + (length.isPresent() ? length.getAsLong() + " bytes" : "chunked") + "]";
            }
        };
    }

    /**
     * Opens a stream of a body's bytes.
     *
     * @since 0.1
     */
    @FunctionalInterface
    interface StreamSource {
        /**
         * {@return a new stream}
         *
         * @throws IOException if it cannot be opened
         */
        InputStream open() throws IOException;
    }
}
