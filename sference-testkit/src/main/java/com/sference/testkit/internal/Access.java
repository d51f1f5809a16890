package com.sference.testkit.internal;

import com.sference.testkit.EmulatorOptions;

/** What a route requires of the caller's credential. */
enum Access {
    /** No credential (login). */
    NONE(null),
    /** Any valid key or token. */
    KEY(null),
    /** A credential with {@code responses:read}. */
    READ(EmulatorOptions.RESPONSES_READ),
    /** A credential with {@code responses:write}. */
    WRITE(EmulatorOptions.RESPONSES_WRITE);

    private final String scope;

    Access(String scope) {
        this.scope = scope;
    }

    /** The scope required, or null when a valid credential is enough. */
    String scope() {
        return scope;
    }
}
