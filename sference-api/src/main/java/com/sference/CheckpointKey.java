package com.sference;

import java.util.Objects;

/**
 * Names one consumer's position in one stream: the API origin, the stream and the consumer. Its
 * {@link #toString()} is the key of the checkpoint file, {@code <baseUrl>:<streamId>:<consumer>},
 * exactly as the Python SDK 0.0.1 writes it, so both SDKs find each other's positions.
 *
 * <pre>{@code
 * CheckpointKey key = CheckpointKey.of(client.baseUrl().toString(), stream.id(), "billing");
 * Optional<String> last = CheckpointStore.file().load(key);
 * }</pre>
 *
 * @param baseUrl the API origin, with every trailing {@code /} removed
 * @param streamId the stream id
 * @param consumer the consumer's name; {@value #DEFAULT_CONSUMER} unless the caller names one
 * @since 0.1
 */
public record CheckpointKey(String baseUrl, String streamId, String consumer) {
    /** The consumer name used when none is given, as in the Python SDK. */
    public static final String DEFAULT_CONSUMER = "default";

    /**
     * Removes trailing slashes from {@code baseUrl} and checks that no part is null or empty.
     *
     * @throws IllegalArgumentException if {@code streamId} or {@code consumer} is empty
     *
     * @param baseUrl the API origin, with every trailing {@code /} removed
     * @param streamId the stream id
     * @param consumer the consumer's name; {@value #DEFAULT_CONSUMER} unless the caller names one
     */
    public CheckpointKey {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(consumer, "consumer");
        int end = baseUrl.length();
        while (end > 0 && baseUrl.charAt(end - 1) == '/') {
            end--;
        }
        baseUrl = baseUrl.substring(0, end);
        if (streamId.isEmpty() || consumer.isEmpty()) {
            throw new IllegalArgumentException("streamId and consumer must not be empty");
        }
    }

    /**
     * {@return the key of {@code consumer}'s position in stream {@code streamId} of {@code baseUrl}}
     *
     * @param baseUrl the API origin; trailing slashes are ignored
     * @param streamId the stream id
     * @param consumer the consumer's name
     */
    public static CheckpointKey of(String baseUrl, String streamId, String consumer) {
        return new CheckpointKey(baseUrl, streamId, consumer);
    }

    /** {@return the key as stored in the checkpoint file: {@code <baseUrl>:<streamId>:<consumer>}} */
    @Override
    public String toString() {
        return baseUrl + ":" + streamId + ":" + consumer;
    }
}
