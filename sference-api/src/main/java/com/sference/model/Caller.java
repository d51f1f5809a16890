package com.sference.model;

import java.util.Objects;

/**
 * Who the credentials in use belong to, as {@code GET /v1/auth/me} describes them. Every field
 * besides {@code id} is in {@link #unknownFields()}.
 *
 * @param id the caller's id (numbers are given as text)
 * @param unknownFields every other field, as raw JSON
 * @since 0.1
 */
public record Caller(String id, UnknownFields unknownFields) {
    /**
     * Checks required fields.
     *
     * @param id the caller's id (numbers are given as text)
     * @param unknownFields every other field, as raw JSON
     */
    public Caller {
        Objects.requireNonNull(id, "id");
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
