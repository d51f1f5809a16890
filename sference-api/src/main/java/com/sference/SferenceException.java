package com.sference;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The root of every exception the SDK throws. Unchecked.
 *
 * @since 0.1
 */
public class SferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public SferenceException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public SferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Turns what an asynchronous call failed with into the exception a synchronous caller should
     * see: the {@link SferenceException} inside a {@link CompletionException} or
     * {@link ExecutionException}, or a new one around anything else.
     *
     * @param failure what the future completed with
     * @return the exception to throw
     */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SferenceException || cause instanceof IllegalArgumentException
                || cause instanceof NullPointerException || cause instanceof IllegalStateException
                || cause instanceof CancellationException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new SferenceException("interrupted", cause);
        }
        return new SferenceException(String.valueOf(cause.getMessage()), cause);
    }
}
