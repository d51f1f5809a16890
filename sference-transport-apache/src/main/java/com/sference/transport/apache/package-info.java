/**
 * The {@code apache} transport: {@link com.sference.transport.apache.ApacheTransportProvider},
 * found by {@link java.util.ServiceLoader}, makes transports over Apache HttpClient 5's
 * {@code CloseableHttpAsyncClient}.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference.transport.apache;
