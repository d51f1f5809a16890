package com.sference.model;

import java.util.List;
import java.util.Objects;

/**
 * An OpenAI-compatible response job.
 *
 * @param id the response id
 * @param object always {@code response}
 * @param createdAt creation time in Unix seconds
 * @param model the model
 * @param status its state
 * @param output the output items; empty while in progress
 * @param error why it failed, or {@code null}
 * @param usage token usage, or {@code null} until finished
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record Response(
        String id,
        String object,
        long createdAt,
        String model,
        ResponseStatus status,
        List<OutputItem> output,
        ErrorInfo error,
        Usage usage,
        UnknownFields unknownFields) {

    /**
     * Copies the list and checks required fields.
     *
     * @param id the response id
     * @param object always {@code response}
     * @param createdAt creation time in Unix seconds
     * @param model the model
     * @param status its state
     * @param output the output items; empty while in progress
     * @param error why it failed, or {@code null}
     * @param usage token usage, or {@code null} until finished
     * @param unknownFields fields this SDK version does not model
     */
    public Response {
        Objects.requireNonNull(id, "id");
        status = status == null ? ResponseStatus.UNKNOWN : status;
        output = output == null ? List.of() : List.copyOf(output);
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /** {@return the status as the server wrote it, also when it is {@link ResponseStatus#UNKNOWN}} */
    public String statusText() {
        return status != ResponseStatus.UNKNOWN ? status.wireValue() : unknownFields.string("status").orElse("unknown");
    }

    /** {@return whether the job will not change any more} */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** {@return the text of all output items, joined in order; empty while in progress} */
    public String outputText() {
        StringBuilder joined = new StringBuilder();
        for (OutputItem item : output) {
            joined.append(item.joinedText());
        }
        return joined.toString();
    }
}
