package com.sference;

import com.sference.internal.client.ClientFactory;
import com.sference.internal.jsonl.JsonlWorkload;
import com.sference.internal.pipeline.Pipeline;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sference client: batches, responses, streams and auth over one connection pool and one
 * request pipeline (credentials, {@code User-Agent}, {@code Idempotency-Key} on POST, retries
 * with backoff, logging with secrets redacted).
 *
 * <p>A client is immutable and thread-safe; build one and share it. {@link #close()} releases what
 * it owns. Every method throws only {@link SferenceException} and its subclasses.
 *
 * <pre>{@code
 * try (SferenceClient client = SferenceClient.fromEnv()) {
 *     Batch batch = client.batches().submit(Path.of("workload.jsonl"), "Qwen/Qwen2.5-7B-Instruct");
 *     System.out.println(client.batches().waitForCompletion(batch.id()).status());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface SferenceClient extends AutoCloseable {
    /** The API's public origin, used when no base URL is given. */
    String DEFAULT_BASE_URL = "https://api.sference.com";

    /** {@return logging in and who the client is} */
    Auth auth();

    /** {@return batches} */
    Batches batches();

    /** {@return response jobs} */
    Responses responses();

    /** {@return streams and their events} */
    Streams streams();

    /** {@return the same operations without blocking} */
    SferenceAsyncClient async();

    /** {@return the API origin this client talks to, without a trailing slash} */
    URI baseUrl();

    /** {@return the name of the transport in use, for example {@code jdk}} */
    String transportName();

    /** Releases the transport (if the client created it) and the client's threads. Idempotent. */
    @Override
    void close();

    /** {@return a builder with every default} */
    static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a client configured from the environment}: {@code SFERENCE_API_KEY},
     * {@code SFERENCE_BASE_URL} (default {@value #DEFAULT_BASE_URL}), and the transport rules of
     * {@link Builder#transport(String)}.
     */
    static SferenceClient fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * Builds a {@link SferenceClient}. Setters change the builder and return it; a builder is not
     * thread-safe, and {@link #build()} may be called more than once.
     *
     * @since 0.1
     */
    final class Builder {
        String baseUrl = DEFAULT_BASE_URL;
        String apiKey;
        String transportName;
        Transport transport;
        TransportConfig transportConfig = TransportConfig.defaults();
        Duration timeout = Duration.ofSeconds(60);
        Duration readTimeout = TransportRequest.DEFAULT_READ_TIMEOUT;
        Duration callTimeout;
        long maxResponseBytes = Pipeline.DEFAULT_MAX_RESPONSE_BYTES;
        long maxJsonlLineBytes = JsonlWorkload.DEFAULT_MAX_LINE_BYTES;
        RetryOptions retry = RetryOptions.DEFAULT;
        boolean allowInsecureHttp;

        Builder() {}

        /**
         * Sets the API origin, for example {@code https://api.sference.com}; default {@value SferenceClient#DEFAULT_BASE_URL}.
         *
         * @param baseUrl the origin, with scheme and host, and optionally a port and a path prefix
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * Sets the API key, sent as {@code Authorization: Bearer}; none by default.
         *
         * @param apiKey the key
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /**
         * Chooses the transport by name ({@code jdk}, {@code vertx}, {@code apache}). Without this,
         * the system property {@code sference.transport}, then the environment variable
         * {@code SFERENCE_TRANSPORT}, name it; without those, the only transport found is used, or
         * among several the one of highest priority (ties broken by name).
         *
         * @param name the transport's name
         * @return this builder
         */
        public Builder transport(String name) {
            this.transportName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Uses this transport instance, which the client then does not close; overrides every other rule.
         *
         * @param transport the transport to send every request with
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Sets what a discovered transport is created with; {@link TransportConfig#defaults()} by default.
         *
         * @param config the settings of the transport the client creates
         * @return this builder
         */
        public Builder transportConfig(TransportConfig config) {
            this.transportConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets how long each attempt waits for the response head once its request is sent; 60
         * seconds by default. Long-polls add their wait.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Sets the read timeout: the longest silence allowed within an exchange, between two bytes
         * of a response body (for downloads and streamed results too) or while the server takes
         * no byte of a request body; 60 seconds by default. Long-polls add their wait. A stall
         * past it fails with {@link RequestTimeoutException}, and is retried like a dropped
         * connection where that is safe.
         *
         * @param readTimeout a positive duration
         * @return this builder
         * @since 0.2
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

        /**
         * Sets a deadline for every call: how long one call may take from start to end, all its
         * retries and backoffs included, and the whole body of its answer (a download too). Past
         * it the call fails with {@link RequestTimeoutException} and its exchange is aborted. By
         * default calls have no deadline of their own: the timeouts and the retry options bound
         * them. A {@code waitForCompletion} is bounded by its own {@code WaitOptions} timeout, and
         * the deadline applies to each of its polls.
         *
         * @param callTimeout a positive duration
         * @return this builder
         * @since 0.2
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = positive(callTimeout, "callTimeout");
            return this;
        }

        /**
         * Sets the largest JSON answer read into memory; 16 MiB by default, 1 KiB to 1 GiB. A larger one fails with
         * {@link UnexpectedResponseException} before it is read further. Streamed bodies (result
         * downloads) have no cap.
         *
         * @param maxResponseBytes at least 1024
         * @return this builder
         * @throws IllegalArgumentException if it is smaller
         * @since 0.2
         */
        public Builder maxResponseBytes(long maxResponseBytes) {
            if (maxResponseBytes < 1024 || maxResponseBytes > 1L << 30) {
                throw new IllegalArgumentException("maxResponseBytes must be 1 KiB to 1 GiB: " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * Sets the longest line a JSONL workload may have, in bytes; 16 MiB by default, at most
         * 1 GiB. A longer line fails {@code submit} with {@link JsonlException} naming it, before
         * anything is sent, and is never read into memory whole. Memory use of a submit depends on
         * this, not on the file's size.
         *
         * @param maxJsonlLineBytes 1 to 1 GiB
         * @return this builder
         * @throws IllegalArgumentException if it is out of that range
         * @since 0.2
         */
        public Builder maxJsonlLineBytes(long maxJsonlLineBytes) {
            if (maxJsonlLineBytes < 1 || maxJsonlLineBytes > JsonlWorkload.LIMIT_MAX_LINE_BYTES) {
                throw new IllegalArgumentException("maxJsonlLineBytes must be 1 to 1 GiB: " + maxJsonlLineBytes);
            }
            this.maxJsonlLineBytes = maxJsonlLineBytes;
            return this;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        /**
         * Sets the retry rules; {@link RetryOptions#DEFAULT} by default.
         *
         * @param retry the retry rules
         * @return this builder
         */
        public Builder retry(RetryOptions retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Sets how many times a transient failure is retried; 2 by default, 0 turns retries off.
         *
         * @param maxRetries how many retries after the first try
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            this.retry = retry.withMaxRetries(maxRetries);
            return this;
        }

        /**
         * Allows sending credentials over plain {@code http://} to a host that is not loopback;
         * {@code false} by default, so that a key never crosses a network unencrypted by mistake.
         *
         * @param allow whether plain {@code http://} may carry credentials to any host
         * @return this builder
         */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /**
         * Takes the API key and base URL from {@code SFERENCE_API_KEY} and {@code SFERENCE_BASE_URL} where set.
         *
         * @return this builder
         */
        public Builder fromEnv() {
            return fromEnv(System::getenv);
        }

        Builder fromEnv(Function<String, String> env) {
            String key = env.apply("SFERENCE_API_KEY");
            if (key != null && !key.isBlank()) {
                apiKey = key.trim();
            }
            String url = env.apply("SFERENCE_BASE_URL");
            if (url != null && !url.isBlank()) {
                baseUrl = url.trim();
            }
            return this;
        }

        /**
         * {@return a new client}
         *
         * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL, or would
         *     send credentials over plain http to a remote host without {@link #allowInsecureHttp}
         * @throws IllegalStateException if no transport can be found; the message lists what was
         *     found and which artifact to add
         */
        public SferenceClient build() {
            return ClientFactory.build(new ClientFactory.Settings(
                    baseUrl, apiKey, transportName, transport, transportConfig, timeout, readTimeout, callTimeout,
                    maxResponseBytes, maxJsonlLineBytes, retry, allowInsecureHttp));
        }

        /** Prints the settings, the API key hidden. */
        @Override
        public String toString() {
            return "SferenceClient.Builder[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "REDACTED")
                    + ", transport=" + (transport != null ? transport.name() : transportName) + "]";
        }
    }
}
