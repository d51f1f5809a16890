package com.sference.internal.pipeline;

/** Describes a failure by its root cause, for messages. */
public final class Causes {
    /** How deep a cause chain is followed: far enough for any real one, and a cycle ends. */
    private static final int MAX_DEPTH = 32;

    private Causes() {}

    /**
     * {@return the class and message of the deepest cause of {@code failure} that has a message},
     * for example {@code ConnectException: Connection refused}; the simple class name alone if
     * none has one
     */
    public static String describe(Throwable failure) {
        Throwable described = failure;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                described = t;
            }
        }
        String message = described.getMessage();
        String text = described.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
