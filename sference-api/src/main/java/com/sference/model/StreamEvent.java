package com.sference.model;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One event of a stream: a job of the stream that reached a terminal state.
 *
 * @param completionId the event's id and cursor; the id of the response
 * @param customId the job's {@code metadata.custom_id}, or {@code null}
 * @param status how the job ended
 * @param result the finished response when it completed, else {@code null}
 * @param error why it failed, or {@code null}
 * @param promptTokens prompt tokens used, or {@code null}
 * @param completionTokens completion tokens used, or {@code null}
 * @param totalTokens all tokens used, or {@code null}
 * @param completedAt when the job ended
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record StreamEvent(
        String completionId,
        String customId,
        ResponseStatus status,
        Response result,
        ErrorInfo error,
        Long promptTokens,
        Long completionTokens,
        Long totalTokens,
        OffsetDateTime completedAt,
        UnknownFields unknownFields) {

    /**
     * Checks required fields.
     *
     * @param completionId the event's id and cursor; the id of the response
     * @param customId the job's {@code metadata.custom_id}, or {@code null}
     * @param status how the job ended
     * @param result the finished response when it completed, else {@code null}
     * @param error why it failed, or {@code null}
     * @param promptTokens prompt tokens used, or {@code null}
     * @param completionTokens completion tokens used, or {@code null}
     * @param totalTokens all tokens used, or {@code null}
     * @param completedAt when the job ended
     * @param unknownFields fields this SDK version does not model
     */
    public StreamEvent {
        Objects.requireNonNull(completionId, "completionId");
        status = status == null ? ResponseStatus.UNKNOWN : status;
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link ResponseStatus#UNKNOWN}} */
    public String statusText() {
        return status != ResponseStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }
}
