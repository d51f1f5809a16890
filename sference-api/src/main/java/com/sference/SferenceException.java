package com.sference;

import java.util.Optional;
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

    /** The {@code Idempotency-Key} of the failed call, or {@code null}. */
    private volatile String idempotencyKey;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public SferenceException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the failure behind it
     */
    public SferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@return the {@code Idempotency-Key} the failed call was sent with, if it carried one} Every
     * POST carries one, the same in each of its attempts. When a POST fails after its request may
     * have reached the server (a timeout, a connection lost after the body went out, a 5xx after
     * retries), send it again with this key (where the operation takes one) so that the server
     * does the work at most once.
     *
     * @since 0.2
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /**
     * Records the {@code Idempotency-Key} of the failed call, if none was recorded yet. The SDK
     * calls this once, as the call fails.
     *
     * @param key the key the call was sent with
     * @since 0.2
     */
    public void recordIdempotencyKey(String key) {
        if (idempotencyKey == null) {
            idempotencyKey = key;
        }
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
                || cause instanceof NullPointerException || cause instanceof CancellationException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new SferenceException("interrupted", cause);
        }
        return new SferenceException("unexpected failure: " + cause, cause);
    }
}
