package com.sference.transport;

/**
 * Makes {@link Transport}s of one kind; found with {@link java.util.ServiceLoader}.
 *
 * <p>A transport module registers its provider both in {@code module-info.java}
 * ({@code provides com.sference.transport.TransportProvider with ...}) and in
 * {@code META-INF/services/com.sference.transport.TransportProvider}.
 *
 * @since 0.1
 */
public interface TransportProvider {

    /** {@return the short name users select this transport by: {@code jdk}, {@code vertx}, {@code apache}} */
    String name();

    /**
     * {@return the rank among several providers on the class path when none is named} Higher
     * wins, ties are broken by name.
     */
    int priority();

    /** {@return the Maven coordinates of the artifact that holds this provider, for error messages} */
    default String artifact() {
        return "com.sference:sference-transport-" + name();
    }

    /**
     * Creates a transport.
     *
     * @param config timeouts, pool size, proxy, executor and an optional native client
     * @return a new transport; the caller closes it
     * @throws IllegalArgumentException if {@link TransportConfig#nativeClient()} is of a type this
     *     provider does not accept
     */
    Transport create(TransportConfig config);
}
