package com.sference.model;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A stream: many responses under one id, whose completions form an ordered event log. Lists leave
 * the counters out, so they read 0 there.
 *
 * @param id the stream id
 * @param name its name
 * @param window its completion window ({@code 1h} or {@code 24h})
 * @param status its state
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param cancelledAt when it was cancelled, or {@code null}
 * @param archivedAt when it was archived, or {@code null}
 * @param totalItems jobs in the stream
 * @param pendingItems jobs waiting
 * @param runningItems jobs running
 * @param completedItems jobs completed
 * @param failedItems jobs failed
 * @param cancelledItems jobs cancelled
 * @param completionRatio terminal jobs over all jobs, 0 when there are none
 * @param totalPromptTokens prompt tokens used
 * @param totalCompletionTokens completion tokens used
 * @param totalTokens all tokens used
 * @param lastCompletionAt when the newest event happened, or {@code null}
 * @param latestCompletionId the newest event's id, or {@code null}
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record Stream(
        String id,
        String name,
        String window,
        StreamStatus status,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime cancelledAt,
        OffsetDateTime archivedAt,
        long totalItems,
        long pendingItems,
        long runningItems,
        long completedItems,
        long failedItems,
        long cancelledItems,
        double completionRatio,
        long totalPromptTokens,
        long totalCompletionTokens,
        long totalTokens,
        OffsetDateTime lastCompletionAt,
        String latestCompletionId,
        UnknownFields unknownFields) {

    /**
     * Checks required fields.
     *
     * @param id the stream id
     * @param name its name
     * @param window its completion window ({@code 1h} or {@code 24h})
     * @param status its state
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     * @param cancelledAt when it was cancelled, or {@code null}
     * @param archivedAt when it was archived, or {@code null}
     * @param totalItems jobs in the stream
     * @param pendingItems jobs waiting
     * @param runningItems jobs running
     * @param completedItems jobs completed
     * @param failedItems jobs failed
     * @param cancelledItems jobs cancelled
     * @param completionRatio terminal jobs over all jobs, 0 when there are none
     * @param totalPromptTokens prompt tokens used
     * @param totalCompletionTokens completion tokens used
     * @param totalTokens all tokens used
     * @param lastCompletionAt when the newest event happened, or {@code null}
     * @param latestCompletionId the newest event's id, or {@code null}
     * @param unknownFields fields this SDK version does not model
     */
    public Stream {
        Objects.requireNonNull(id, "id");
        status = status == null ? StreamStatus.UNKNOWN : status;
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link StreamStatus#UNKNOWN}} */
    public String statusText() {
        return status != StreamStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }
}
