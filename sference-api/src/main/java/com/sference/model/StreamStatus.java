package com.sference.model;

import java.util.Locale;

/**
 * The state of a stream.
 *
 * <p>A value this SDK version does not know becomes {@link #UNKNOWN}; the model that held it
 * still has the server's text (its {@code statusText()}).
 *
 * @since 0.1
 */
public enum StreamStatus {
    /** {@code open} on the wire. */
    OPEN,
    /** {@code cancelled} on the wire. */
    CANCELLED,
    /** {@code archived} on the wire. */
    ARCHIVED,
    /** A value this SDK version does not know. */
    UNKNOWN;

    /** {@return the text of this value on the wire; {@code unknown} for {@link #UNKNOWN}} */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the value for {@code wire}, or {@link #UNKNOWN}}
     *
     * @param wire the text from the wire, may be null
     */
    public static StreamStatus fromWire(String wire) {
        for (StreamStatus value : values()) {
            if (value != UNKNOWN && value.wireValue().equals(wire)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
