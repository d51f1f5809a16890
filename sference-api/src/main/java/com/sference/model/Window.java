package com.sference.model;

/**
 * How soon a job must be done: the completion window of a batch ({@code 24h} only), a stream or
 * a response.
 *
 * @since 0.1
 */
public enum Window {
    /** {@code 1h}: streams and responses. */
    ONE_HOUR("1h"),
    /** {@code 24h}: batches, streams and responses. */
    ONE_DAY("24h");

    private final String wireValue;

    Window(String wireValue) {
        this.wireValue = wireValue;
    }

    /** {@return the text of this window on the wire} */
    public String wireValue() {
        return wireValue;
    }
}
