package com.sference.model;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A batch: one unit of work built from a fixed list of inference requests.
 *
 * @param id the batch id
 * @param status its state
 * @param window its completion window ({@code 24h})
 * @param requestCount how many requests it holds
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param completedAt when it reached a terminal state, or {@code null} before
 * @param totalPromptTokens prompt tokens used so far
 * @param totalCompletionTokens completion tokens used so far
 * @param totalTokens all tokens used so far
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record Batch(
        String id,
        BatchStatus status,
        String window,
        long requestCount,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime completedAt,
        long totalPromptTokens,
        long totalCompletionTokens,
        long totalTokens,
        UnknownFields unknownFields) {

    /**
     * Checks required fields.
     *
     * @param id the batch id
     * @param status its state
     * @param window its completion window ({@code 24h})
     * @param requestCount how many requests it holds
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     * @param completedAt when it reached a terminal state, or {@code null} before
     * @param totalPromptTokens prompt tokens used so far
     * @param totalCompletionTokens completion tokens used so far
     * @param totalTokens all tokens used so far
     * @param unknownFields fields this SDK version does not model
     */
    public Batch {
        Objects.requireNonNull(id, "id");
        status = status == null ? BatchStatus.UNKNOWN : status;
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link BatchStatus#UNKNOWN}} */
    public String statusText() {
        return status != BatchStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }

    /** {@return whether the batch will not change any more} */
    public boolean isTerminal() {
        return status.isTerminal();
    }
}
