/**
 * A local emulator of the whole sference HTTP API, for tests, benchmarks and the quickstart.
 *
 * <p>Start one in-process with {@code com.sference.testkit.SferenceEmulator.start()}, per test
 * class with {@code com.sference.testkit.SferenceEmulatorExtension}, or as a process with
 * {@code com.sference.testkit.EmulatorMain} (the {@code bin/sference-emulator} script). It serves
 * on loopback only and keeps its state in memory. It reads no environment variables; unless
 * already set, it sets the system property {@code sun.net.httpserver.nodelay} to {@code true}
 * before starting the JDK's HTTP server, which otherwise adds about 40 ms to every response.
 * The transport contract suite reads the system properties {@code java.home} and {@code os.name}
 * to find the JDK's {@code keytool}, which makes the certificate of its TLS case.
 *
 * @since 0.1
 */
module com.sference.testkit {
    requires com.sference;
    requires com.google.gson;
    requires java.logging; // the transport contract suite turns the SDK's request log on and off
    requires jdk.httpserver;
    requires static org.junit.jupiter.api;
    requires static org.junit.jupiter.params;

    exports com.sference.testkit;
    exports com.sference.testkit.tck;
}
