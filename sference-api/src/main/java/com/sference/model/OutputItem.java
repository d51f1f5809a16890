package com.sference.model;

import java.util.List;

/**
 * One item of a response's output: either {@code {"type":"output_text","text"}} or OpenAI's nested
 * {@code {"type":"message","content":[{"type":"output_text","text"}]}}.
 *
 * @param type the item type
 * @param text the text of an {@code output_text} item, else {@code null}
 * @param content the parts of a {@code message} item, else empty
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record OutputItem(String type, String text, List<OutputItem> content, UnknownFields unknownFields) {
    /**
     * Copies the list and replaces nulls with empty values.
     *
     * @param type the item type
     * @param text the text of an {@code output_text} item, else {@code null}
     * @param content the parts of a {@code message} item, else empty
     * @param unknownFields fields this SDK version does not model
     */
    public OutputItem {
        content = content == null ? List.of() : List.copyOf(content);
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    /**
     * {@return an {@code output_text} item}
     *
     * @param text the text
     */
    public static OutputItem ofText(String text) {
        return new OutputItem("output_text", text, List.of(), UnknownFields.none());
    }

    /** {@return the text of this item and of its parts, joined in order} */
    public String joinedText() {
        StringBuilder joined = new StringBuilder();
        if (text != null) {
            joined.append(text);
        }
        for (OutputItem part : content) {
            joined.append(part.joinedText());
        }
        return joined.toString();
    }
}
