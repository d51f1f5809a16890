package com.sference.model;

/**
 * The user a login belongs to.
 *
 * @param id the user id (numbers are given as text)
 * @param username the user name
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record User(String id, String username, UnknownFields unknownFields) {
    /**
     * Replaces a null {@code unknownFields} with none.
     *
     * @param id the user id (numbers are given as text)
     * @param username the user name
     * @param unknownFields fields this SDK version does not model
     */
    public User {
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }
}
