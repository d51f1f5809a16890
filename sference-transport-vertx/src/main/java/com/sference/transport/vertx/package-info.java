/**
 * The {@code vertx} transport: {@link com.sference.transport.vertx.VertxTransportProvider}, found by
 * {@link java.util.ServiceLoader}, makes transports over a Vert.x 5 HTTP client or a user's
 * {@code WebClient}.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference.transport.vertx;
