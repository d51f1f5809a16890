package com.sference.model;

import java.util.Objects;

/**
 * A response as listed by {@code GET /v1/responses}.
 *
 * @param id the response id
 * @param object always {@code response}
 * @param createdAt creation time in Unix seconds
 * @param model the model
 * @param status its state
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record ResponseListItem(
        String id, String object, long createdAt, String model, ResponseStatus status, UnknownFields unknownFields) {
    /**
     * Checks required fields.
     *
     * @param id the response id
     * @param object always {@code response}
     * @param createdAt creation time in Unix seconds
     * @param model the model
     * @param status its state
     * @param unknownFields fields this SDK version does not model
     */
    public ResponseListItem {
        Objects.requireNonNull(id, "id");
        status = status == null ? ResponseStatus.UNKNOWN : status;
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link ResponseStatus#UNKNOWN}} */
    public String statusText() {
        return status != ResponseStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }
}
