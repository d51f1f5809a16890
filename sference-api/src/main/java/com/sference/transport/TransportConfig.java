package com.sference.transport;

import java.net.ProxySelector;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a {@link TransportProvider} needs to build a {@link Transport}.
 *
 * <p>Build one with {@link #builder()}; every setting has a default, listed on its setter.
 *
 * @param connectTimeout how long to wait for a connection
 * @param maxConnections the connection pool size, where the underlying client has one
 * @param proxy the proxy selector, or empty for the client's default (no proxy)
 * @param executor where the transport runs its callbacks, or empty for the client's own
 * @param nativeClient a configured client of the transport's own library (an
 *     {@code java.net.http.HttpClient}, a Vert.x {@code Vertx} or {@code WebClient}, a
 *     {@code CloseableHttpAsyncClient}); the transport uses it and never closes it
 * @since 0.1
 */
public record TransportConfig(
        Duration connectTimeout,
        int maxConnections,
        Optional<ProxySelector> proxy,
        Optional<Executor> executor,
        Optional<Object> nativeClient) {

    /** The default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default pool size: 64 connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /**
     * Checks the settings.
     *
     * @param connectTimeout how long to wait for a connection
     * @param maxConnections the connection pool size, where the underlying client has one
     * @param proxy the proxy selector, or empty for the client's default (no proxy)
     * @param executor where the transport runs its callbacks, or empty for the client's own
     * @param nativeClient a configured client of the transport's own library (an
     *         {@code java.net.http.HttpClient}, a Vert.x {@code Vertx} or {@code WebClient}, a
     *         {@code CloseableHttpAsyncClient}); the transport uses it and never closes it
     */
    public TransportConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(nativeClient, "nativeClient");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /** {@return a configuration with every default} */
    public static TransportConfig defaults() {
        return builder().build();
    }

    /** {@return a new builder with every default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link TransportConfig}. Setters change the builder and return it; a builder is
     * not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private ProxySelector proxy;
        private Executor executor;
        private Object nativeClient;

        private Builder() {}

        /**
         * Sets the connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}.
         *
         * @param connectTimeout how long to wait for a connection
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the pool size; default {@link #DEFAULT_MAX_CONNECTIONS}.
         *
         * @param maxConnections the connection pool size, where the underlying client has one
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Sets the proxy selector; by default none is used.
         *
         * @param proxy the proxy selector
         * @return this builder
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * Sets the executor for callbacks; by default the client's own.
         *
         * @param executor where the transport runs its callbacks
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Hands over a configured native client that the transport uses but never closes.
         *
         * @param nativeClient a configured client of the transport's own library; see {@link TransportConfig#nativeClient()}
         * @return this builder
         */
        public Builder nativeClient(Object nativeClient) {
            this.nativeClient = Objects.requireNonNull(nativeClient, "nativeClient");
            return this;
        }

        /** {@return the configuration} */
        public TransportConfig build() {
            return new TransportConfig(
                    connectTimeout,
                    maxConnections,
                    Optional.ofNullable(proxy),
                    Optional.ofNullable(executor),
                    Optional.ofNullable(nativeClient));
        }
    }
}
