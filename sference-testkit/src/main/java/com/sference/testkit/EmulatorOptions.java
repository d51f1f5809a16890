package com.sference.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of one {@link SferenceEmulator}: port, job timing, API keys, logins and limits.
 *
 * <p>Options are immutable; build them with {@link #builder()}:
 *
 * <pre>{@code
 * EmulatorOptions options = EmulatorOptions.builder()
 *     .stepDelay(Duration.ZERO)
 *     .key("sk_ro", Set.of(EmulatorOptions.RESPONSES_READ))
 *     .login("alice", "secret")
 *     .build();
 * try (SferenceEmulator emulator = SferenceEmulator.start(options)) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class EmulatorOptions {

    /** The scope that {@code GET /v1/responses*} needs. */
    public static final String RESPONSES_READ = "responses:read";

    /** The scope that {@code POST} and {@code DELETE} on {@code /v1/responses*} need. */
    public static final String RESPONSES_WRITE = "responses:write";

    /** The key accepted when no key is configured: {@value}, with both response scopes. */
    public static final String DEFAULT_API_KEY = "sk_test";

    /** How long a job stays in each non-terminal state unless configured: 50 ms. */
    public static final Duration DEFAULT_STEP_DELAY = Duration.ofMillis(50);

    /** The largest request body accepted unless configured: 256 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 256L * 1024 * 1024;

    private final int port;
    private final Duration stepDelay;
    private final Map<String, Set<String>> keys;
    private final Map<String, String> logins;
    private final long maxRequestBodyBytes;
    private final OutputForm outputForm;

    private EmulatorOptions(Builder builder) {
        this.port = builder.port;
        this.stepDelay = builder.stepDelay;
        Map<String, Set<String>> copied = new LinkedHashMap<>();
        if (builder.keys.isEmpty()) {
            copied.put(DEFAULT_API_KEY, Set.of(RESPONSES_READ, RESPONSES_WRITE));
        } else {
            builder.keys.forEach((k, v) -> copied.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        }
        this.keys = Collections.unmodifiableMap(copied);
        this.logins = Collections.unmodifiableMap(new LinkedHashMap<>(builder.logins));
        this.maxRequestBodyBytes = builder.maxRequestBodyBytes;
        this.outputForm = builder.outputForm;
    }

    /**
     * Returns the default options: an ephemeral port, {@link #DEFAULT_STEP_DELAY}, the key
     * {@value #DEFAULT_API_KEY} and no logins.
     *
     * @return the default options
     */
    public static EmulatorOptions defaults() {
        return builder().build();
    }

    /**
     * Returns a new builder holding the default options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a new builder holding these options, to derive changed ones.
     *
     * @return a new builder with these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.stepDelay = stepDelay;
        b.keys.putAll(keys);
        b.logins.putAll(logins);
        b.maxRequestBodyBytes = maxRequestBodyBytes;
        b.outputForm = outputForm;
        return b;
    }

    /**
     * Returns the TCP port to listen on; 0 means an ephemeral port.
     *
     * @return the configured port, 0 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * Returns how long a job stays in each non-terminal state.
     *
     * @return the step delay, zero or positive
     */
    public Duration stepDelay() {
        return stepDelay;
    }

    /**
     * Returns the accepted API keys, each with its scopes, in the order they were added.
     *
     * @return an unmodifiable map from key to scopes, never empty
     */
    public Map<String, Set<String>> keys() {
        return keys;
    }

    /**
     * Returns the usernames and passwords that {@code POST /v1/auth/login} accepts.
     *
     * @return an unmodifiable map from username to password
     */
    public Map<String, String> logins() {
        return logins;
    }

    /**
     * Returns the largest request body accepted; larger bodies get {@code 413}.
     *
     * @return the limit in bytes, positive
     */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /**
     * Returns which form of {@code Response.output} items the emulator sends.
     *
     * @return the output form
     */
    public OutputForm outputForm() {
        return outputForm;
    }

    @Override
    public String toString() {
        return "EmulatorOptions[port=" + port + ", stepDelay=" + stepDelay + ", keys=" + keys.size()
                + ", logins=" + logins.keySet() + ", maxRequestBodyBytes=" + maxRequestBodyBytes
                + ", outputForm=" + outputForm + "]";
    }

    /**
     * Builds {@link EmulatorOptions}.
     *
     * <p>Each setter changes the builder and returns it. Builders are not thread-safe;
     * {@link #build()} returns a new immutable object each time.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int port;
        private Duration stepDelay = DEFAULT_STEP_DELAY;
        private final Map<String, Set<String>> keys = new LinkedHashMap<>();
        private final Map<String, String> logins = new LinkedHashMap<>();
        private long maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
        private OutputForm outputForm = OutputForm.AUTO;

        private Builder() {
        }

        /**
         * Sets the TCP port; if this method is not invoked, the port is 0 (ephemeral).
         *
         * @param port 0 to 65535; 0 picks a free port
         * @return this builder
         * @throws IllegalArgumentException if the port is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how long a job stays in each non-terminal state; if this method is not invoked,
         * it is {@link #DEFAULT_STEP_DELAY}. With {@link Duration#ZERO} every job is finished
         * by the time its create call answers.
         *
         * @param stepDelay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if the delay is negative
         */
        public Builder stepDelay(Duration stepDelay) {
            Objects.requireNonNull(stepDelay, "stepDelay");
            if (stepDelay.isNegative()) {
                throw new IllegalArgumentException("stepDelay must not be negative: " + stepDelay);
            }
            this.stepDelay = stepDelay;
            return this;
        }

        /**
         * Adds an API key with both response scopes. If no key is added, the emulator accepts
         * {@value #DEFAULT_API_KEY} with both response scopes.
         *
         * @param key the key, not blank, without whitespace
         * @return this builder
         * @throws IllegalArgumentException if the key is blank or has whitespace
         */
        public Builder key(String key) {
            return key(key, Set.of(RESPONSES_READ, RESPONSES_WRITE));
        }

        /**
         * Adds an API key with exactly the given scopes (possibly none), replacing an earlier
         * entry for the same key.
         *
         * @param key the key, not blank, without whitespace
         * @param scopes the scopes, for example {@link #RESPONSES_READ}
         * @return this builder
         * @throws IllegalArgumentException if the key is blank or has whitespace
         */
        public Builder key(String key, Set<String> scopes) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(scopes, "scopes");
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a key must be non-blank and without whitespace");
            }
            scopes.forEach(s -> Objects.requireNonNull(s, "scope"));
            keys.put(key, new LinkedHashSet<>(scopes));
            return this;
        }

        /**
         * Adds a username and password that {@code POST /v1/auth/login} accepts; the token it
         * returns carries both response scopes. If this method is not invoked, no login works.
         *
         * @param username the username, not empty
         * @param password the password
         * @return this builder
         * @throws IllegalArgumentException if the username is empty
         */
        public Builder login(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            logins.put(username, password);
            return this;
        }

        /**
         * Sets the largest request body accepted; if this method is not invoked, it is
         * {@link #DEFAULT_MAX_REQUEST_BODY_BYTES}. Larger bodies are answered with {@code 413}.
         *
         * @param bytes the limit, positive
         * @return this builder
         * @throws IllegalArgumentException if the limit is not positive
         */
        public Builder maxRequestBodyBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive: " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * Sets which form of {@code Response.output} items to send; if this method is not
         * invoked, it is {@link OutputForm#AUTO}.
         *
         * @param outputForm the form
         * @return this builder
         */
        public Builder outputForm(OutputForm outputForm) {
            this.outputForm = Objects.requireNonNull(outputForm, "outputForm");
            return this;
        }

        /**
         * Returns new options from this builder's settings.
         *
         * @return new immutable options
         */
        public EmulatorOptions build() {
            return new EmulatorOptions(this);
        }
    }
}
