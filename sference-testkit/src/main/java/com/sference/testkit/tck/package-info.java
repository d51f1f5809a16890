/**
 * The transport contract suite: {@link com.sference.testkit.tck.TransportContractTest}, which
 * every {@link com.sference.transport.Transport} runs by extending it, and the raw
 * {@link com.sference.testkit.tck.LoopbackServer} it uses for what the emulator cannot show.
 *
 * <p>These types need JUnit 5 ({@code junit-jupiter-api} and {@code junit-jupiter-params}) on the
 * test class path; the testkit declares JUnit as an optional dependency, so a transport module
 * that runs the suite has {@code junit-jupiter} as a test dependency of its own.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference.testkit.tck;
