/**
 * A local emulator of the whole sference HTTP API, for tests, benchmarks and the quickstart.
 *
 * <p>Start one in-process with {@code com.sference.testkit.SferenceEmulator.start()}, per test
 * class with {@code com.sference.testkit.SferenceEmulatorExtension}, or as a process with
 * {@code com.sference.testkit.EmulatorMain} (the {@code bin/sference-emulator} script). It serves
 * on loopback only, keeps its state in memory and reads no system properties or environment
 * variables.
 */
module com.sference.testkit {
    requires com.sference;
    requires jdk.httpserver;
    requires static transitive org.junit.jupiter.api;

    exports com.sference.testkit;
}
