package com.sference.model;

/**
 * Token usage of a response.
 *
 * @param inputTokens tokens read
 * @param outputTokens tokens written
 * @param totalTokens both
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record Usage(long inputTokens, long outputTokens, long totalTokens, UnknownFields unknownFields) {
    /**
     * Replaces a null {@code unknownFields} with none.
     *
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     * @param totalTokens both
     * @param unknownFields fields this SDK version does not model
     */
    public Usage {
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
