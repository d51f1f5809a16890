package com.sference.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Optional;

/**
 * The outcome of one request of a batch.
 *
 * @param customId the request's {@code custom_id}
 * @param status {@code completed}, {@code failed} or {@code cancelled}
 * @param result the chat-completion object, or {@code null} unless completed
 * @param error why it failed, or {@code null}
 * @param promptTokens prompt tokens used
 * @param completionTokens completion tokens used
 * @param totalTokens all tokens used
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record BatchResultItem(
        String customId,
        ResponseStatus status,
        JsonText result,
        ErrorInfo error,
        long promptTokens,
        long completionTokens,
        long totalTokens,
        UnknownFields unknownFields) {

    /**
     * Replaces null status and {@code unknownFields} with their defaults.
     *
     * @param customId the request's {@code custom_id}
     * @param status {@code completed}, {@code failed} or {@code cancelled}
     * @param result the chat-completion object, or {@code null} unless completed
     * @param error why it failed, or {@code null}
     * @param promptTokens prompt tokens used
     * @param completionTokens completion tokens used
     * @param totalTokens all tokens used
     * @param unknownFields fields this SDK version does not model
     */
    public BatchResultItem {
        status = status == null ? ResponseStatus.UNKNOWN : status;
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link ResponseStatus#UNKNOWN}} */
    public String statusText() {
        return status != ResponseStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }

    /**
     * {@return the text of the first choice's message ({@code choices[0].message.content}), if the
     * result has one}
     */
    public Optional<String> text() {
        if (result == null) {
            return Optional.empty();
        }
        try {
            JsonElement root = JsonParser.parseString(result.json());
            JsonElement content = root.getAsJsonObject().getAsJsonArray("choices").get(0).getAsJsonObject()
                    .getAsJsonObject("message").get("content");
            return content != null && content.isJsonPrimitive() ? Optional.of(content.getAsString()) : Optional.empty();
        } catch (JsonParseException | IllegalStateException | NullPointerException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
