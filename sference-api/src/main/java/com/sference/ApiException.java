package com.sference;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The server answered with an error status (400 or above). Carries the status, the server's
 * {@code detail}, a bounded copy of the body, the method and URL, and the request id and
 * {@code Retry-After} when the server sent them; never the request's headers or credentials.
 *
 * <p>{@link #from} picks the subclass for the status: {@link BadRequestException} (400),
 * {@link AuthenticationException} (401), {@link PermissionDeniedException} (403),
 * {@link NotFoundException} (404), {@link ConflictException} (409),
 * {@link UnprocessableEntityException} (422), {@link RateLimitException} (429),
 * {@link InternalServerException} (500 and above); any other status is a plain
 * {@code ApiException}.
 *
 * @since 0.1
 */
public class ApiException extends SferenceException {
    private static final long serialVersionUID = 1L;

    /** How much of an error body is kept. */
    public static final int MAX_BODY_CHARS = 8 * 1024;

    /** The status, detail, body and request of the failed call. */
    private final Details details;

    /**
     * Creates an exception from what the server answered.
     *
     * @param details the status, detail, body and request of the failed call
     */
    public ApiException(Details details) {
        super(message(details));
        this.details = details;
    }

    /**
     * {@return the exception for {@code details.status()}}
     *
     * @param details the status, detail, body and request of the failed call
     */
    public static ApiException from(Details details) {
        switch (details.status()) {
            case 400:
                return new BadRequestException(details);
            case 401:
                return new AuthenticationException(details);
            case 403:
                return new PermissionDeniedException(details);
            case 404:
                return new NotFoundException(details);
            case 409:
                return new ConflictException(details);
            case 422:
                return new UnprocessableEntityException(details);
            case 429:
                return new RateLimitException(details);
            default:
                return details.status() >= 500 ? new InternalServerException(details) : new ApiException(details);
        }
    }

    private static String message(Details details) {
        return "HTTP " + details.status() + ": " + details.detail() + " (" + details.method() + " " + details.uri() + ")";
    }

    /** {@return the HTTP status} */
    public int status() {
        return details.status();
    }

    /** {@return the server's {@code detail} (validation errors joined into one line)} */
    public String detail() {
        return details.detail();
    }

    /** {@return the response body, cut at {@link #MAX_BODY_CHARS} characters} */
    public String body() {
        return details.body();
    }

    /** {@return the HTTP method of the failed call} */
    public String method() {
        return details.method();
    }

    /** {@return the URI of the failed call} */
    public URI uri() {
        return details.uri();
    }

    /** {@return the server's request id, if it sent one} */
    public Optional<String> requestId() {
        return Optional.ofNullable(details.requestId());
    }

    /** {@return how long the server asked the client to wait, if it did} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(details.retryAfter());
    }

    /** {@return whether this status is transient (408, 429, 502, 503, 504)} */
    public boolean isTransient() {
        int s = status();
        return s == 408 || s == 429 || s == 502 || s == 503 || s == 504;
    }

    /**
     * What a failed call left behind.
     *
     * @param status the HTTP status
     * @param detail the server's {@code detail}, joined into one line
     * @param body the response body, cut at {@link #MAX_BODY_CHARS} characters
     * @param method the HTTP method
     * @param uri the request URI
     * @param requestId the server's request id, or {@code null}
     * @param retryAfter the server's {@code Retry-After}, or {@code null}
     * @since 0.1
     */
    public record Details(
            int status, String detail, String body, String method, URI uri, String requestId, Duration retryAfter) {
        /**
         * Checks and bounds the values.
         *
         * @param status the HTTP status
         * @param detail the server's {@code detail}, joined into one line
         * @param body the response body, cut at {@link #MAX_BODY_CHARS} characters
         * @param method the HTTP method
         * @param uri the request URI
         * @param requestId the server's request id, or {@code null}
         * @param retryAfter the server's {@code Retry-After}, or {@code null}
         */
        public Details {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            if (body.length() > MAX_BODY_CHARS) {
                body = body.substring(0, MAX_BODY_CHARS) + "...";
            }
        }
    }
}
