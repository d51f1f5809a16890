/**
 * The {@code jdk} transport: {@link com.sference.transport.jdk.JdkTransportProvider}, found by
 * {@link java.util.ServiceLoader}, makes transports over {@code java.net.http.HttpClient}.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference.transport.jdk;
