package com.sference.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A batch's results, as far as they exist.
 *
 * @param batchId the batch id
 * @param status the batch's state
 * @param outputUrl the absolute URL of the results JSONL, or {@code null} until terminal
 * @param completedAt when the batch reached a terminal state, or {@code null} before
 * @param results one item per request in request order, or {@code null} until terminal
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record BatchResults(
        String batchId,
        BatchStatus status,
        String outputUrl,
        OffsetDateTime completedAt,
        List<BatchResultItem> results,
        UnknownFields unknownFields) {

    /**
     * Copies the list and checks required fields.
     *
     * @param batchId the batch id
     * @param status the batch's state
     * @param outputUrl the absolute URL of the results JSONL, or {@code null} until terminal
     * @param completedAt when the batch reached a terminal state, or {@code null} before
     * @param results one item per request in request order, or {@code null} until terminal
     * @param unknownFields fields this SDK version does not model
     */
    public BatchResults {
        Objects.requireNonNull(batchId, "batchId");
        status = status == null ? BatchStatus.UNKNOWN : status;
        results = results == null ? null : List.copyOf(results);
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return whether the results are final and {@link #results()} is not null} */
    public boolean isReady() {
        return results != null;
    }
}
