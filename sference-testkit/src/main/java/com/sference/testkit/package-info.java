/**
 * The sference emulator: {@link com.sference.testkit.SferenceEmulator}, its options, fault
 * injection, the recorded requests, a JUnit 5 extension and the process entry point.
 *
 * <p>Unless a parameter or return value is documented as nullable, it is never {@code null};
 * passing {@code null} throws {@link NullPointerException}.
 *
 * @since 0.1
 */
package com.sference.testkit;
