package com.sference.model;

import java.util.Objects;

/**
 * A JSON value kept as its text, for parts of the wire format the SDK passes through without
 * modelling them (a chat-completion request body, a chat-completion result). Parse it with the
 * JSON library of your choice.
 *
 * @param json the JSON text
 * @since 0.1
 */
public record JsonText(String json) {
    /**
     * Checks that the text is not null.
     *
     * @param json the JSON text
     */
    public JsonText {
        Objects.requireNonNull(json, "json");
    }

    /** {@return the JSON text} */
    @Override
    public String toString() {
        return json;
    }
}
