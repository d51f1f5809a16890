package com.sference.model;

import java.util.Objects;

/**
 * The answer to a login: a bearer token and its user. {@link #toString()} hides the token.
 *
 * @param accessToken the bearer token
 * @param tokenType the token type ({@code bearer})
 * @param user the user logged in
 * @param unknownFields fields this SDK version does not model
 * @since 0.1
 */
public record LoginResponse(String accessToken, String tokenType, User user, UnknownFields unknownFields) {
    /**
     * Checks required fields.
     *
     * @param accessToken the bearer token
     * @param tokenType the token type ({@code bearer})
     * @param user the user logged in
     * @param unknownFields fields this SDK version does not model
     */
    public LoginResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        unknownFields = unknownFields == null ? UnknownFields.none() : unknownFields;
    }

    @Override
    public String toString() {
        return "LoginResponse[accessToken=REDACTED, tokenType=" + tokenType + ", user=" + user + "]";
    }
}
