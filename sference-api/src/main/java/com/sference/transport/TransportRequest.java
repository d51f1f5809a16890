package com.sference.transport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the SDK hands it to a {@link Transport}: method, absolute URI, headers, an
 * optional body, a response timeout and a read timeout. Immutable; {@link #toBuilder()} makes a
 * changed copy.
 *
 * <p>Header names are case-insensitive and kept in lower case.
 *
 * @since 0.1
 */
public final class TransportRequest {

    /** The response timeout used when none is set: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The read timeout used when none is set: 60 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final RequestBody body;
    private final Duration timeout;
    private final Duration readTimeout;

    private TransportRequest(Builder builder) {
        this.method = Objects.requireNonNull(builder.method, "method");
        this.uri = Objects.requireNonNull(builder.uri, "uri");
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("uri must be absolute: " + uri);
        }
        TreeMap<String, List<String>> copy = new TreeMap<>();
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body;
        this.timeout = builder.timeout;
        this.readTimeout = builder.readTimeout;
    }

    /**
     * {@return a new builder for {@code method} and {@code uri}}
     *
     * @param method the HTTP method
     * @param uri the absolute request URI
     */
    public static Builder newBuilder(String method, URI uri) {
        return new Builder().method(method).uri(uri);
    }

    /** {@return the HTTP method, upper case} */
    public String method() {
        return method;
    }

    /** {@return the absolute request URI} */
    public URI uri() {
        return uri;
    }

    /** {@return the headers by lower-case name, each with its values in order} */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * {@return the first value of header {@code name} (any case), if present}
     *
     * @param name the header's name
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** {@return the body, if the request has one} */
    public Optional<RequestBody> body() {
        return Optional.ofNullable(body);
    }

    /**
     * {@return how long to wait for the response headers once the request is sent}
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * {@return the longest the exchange may make no progress once under way} A transport fails
     * with a {@link com.sference.RequestTimeoutException} when this long passes with no byte of the
     * response body arriving while a reader waits for one, or with no byte of the request body
     * taken by the server while it is being written.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** {@return a builder holding this request's values} */
    public Builder toBuilder() {
        Builder builder = new Builder().method(method).uri(uri).timeout(timeout).readTimeout(readTimeout);
        headers.forEach((name, values) -> builder.headers.put(name, new ArrayList<>(values)));
        builder.body = body;
        return builder;
    }

    /** Prints method and URI only: headers may hold credentials. */
    @Override
    public String toString() {
        return method + " " + uri;
    }

    /**
     * Builds a {@link TransportRequest}. Not thread-safe; {@link #build()} may be called repeatedly.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String method;
        private URI uri;
        private final Map<String, List<String>> headers = new TreeMap<>();
        private RequestBody body;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder() {}

        /**
         * Sets the method (upper-cased).
         *
         * @param method the HTTP method
         * @return this builder
         */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets the absolute URI.
         *
         * @param uri the absolute request URI
         * @return this builder
         */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * Replaces all values of header {@code name} with {@code value}.
         *
         * @param name the header's name, in any case
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(value, "value");
            headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
            return this;
        }

        /**
         * Removes header {@code name}.
         *
         * @param name the header's name, in any case
         * @return this builder
         */
        public Builder removeHeader(String name) {
            headers.remove(name.toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * Sets the body, or none with {@code null}.
         *
         * @param body the body, or {@code null}
         * @return this builder
         */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        /**
         * Sets the response timeout; default {@link TransportRequest#DEFAULT_TIMEOUT}.
         *
         * @param timeout how long to wait for the response head, positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the read timeout; default {@link TransportRequest#DEFAULT_READ_TIMEOUT}.
         *
         * @param readTimeout the longest silence within the exchange, positive
         * @return this builder
         */
        public Builder readTimeout(Duration readTimeout) {
            Objects.requireNonNull(readTimeout, "readTimeout");
            if (readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
            }
            this.readTimeout = readTimeout;
            return this;
        }

        /** {@return the request} */
        public TransportRequest build() {
            return new TransportRequest(this);
        }
    }
}
