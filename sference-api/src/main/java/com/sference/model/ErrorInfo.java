package com.sference.model;

/**
 * Why a job failed: {@code {"code", "message"}}.
 *
 * @param code a short machine-readable code
 * @param message what happened
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record ErrorInfo(String code, String message, UnknownFields unknownFields) {
    /**
     * Replaces a null {@code unknownFields} with none.
     *
     * @param code a short machine-readable code
     * @param message what happened
     * @param unknownFields fields this SDK version does not model
     */
    public ErrorInfo {
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
