package com.sference.model;

import java.util.Locale;

/**
 * The state of a response job, of a stream event, or of one request in a batch's results.
 *
 * <p>A value this SDK version does not know becomes {@link #UNKNOWN}; the model that held it
 * still has the server's text (its {@code statusText()}).
 *
 * @since 0.1
 */
public enum ResponseStatus {
    /** {@code in_progress} on the wire. */
    IN_PROGRESS,
    /** {@code completed} on the wire. */
    COMPLETED,
    /** {@code failed} on the wire. */
    FAILED,
    /** {@code cancelled} on the wire. */
    CANCELLED,
    /** A value this SDK version does not know. */
    UNKNOWN;

    /** {@return the text of this value on the wire; {@code unknown} for {@link #UNKNOWN}} */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return whether a job in this state will not change any more} */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * {@return the value for {@code wire}, or {@link #UNKNOWN}}
     *
     * @param wire the text from the wire, may be null
     */
    public static ResponseStatus fromWire(String wire) {
        for (ResponseStatus value : values()) {
            if (value != UNKNOWN && value.wireValue().equals(wire)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
