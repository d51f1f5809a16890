package com.sference.model;

import java.util.Objects;
import java.util.Set;

/**
 * One message of a response's input.
 *
 * @param role {@code user}, {@code assistant}, {@code system} or {@code developer}
 * @param content the text
 * @since 0.1
 */
public record InputMessage(String role, String content) {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

    /**
     * Checks the role and content.
     *
     * @throws IllegalArgumentException if the role is not one of the four
     *
     * @param role {@code user}, {@code assistant}, {@code system} or {@code developer}
     * @param content the text
     */
    public InputMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ": " + role);
        }
    }

    /**
     * {@return a {@code user} message}
     *
     * @param content the text
     */
    public static InputMessage user(String content) {
        return new InputMessage("user", content);
    }

    /**
     * {@return a {@code system} message}
     *
     * @param content the text
     */
    public static InputMessage system(String content) {
        return new InputMessage("system", content);
    }

    /**
     * {@return an {@code assistant} message}
     *
     * @param content the text
     */
    public static InputMessage assistant(String content) {
        return new InputMessage("assistant", content);
    }

    /**
     * {@return a {@code developer} message}
     *
     * @param content the text
     */
    public static InputMessage developer(String content) {
        return new InputMessage("developer", content);
    }
}
