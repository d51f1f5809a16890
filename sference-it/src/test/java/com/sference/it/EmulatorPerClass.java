package com.sference.it;

import com.sference.SferenceClient;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * One emulator per test class, and a fresh client over the transport under test for each test.
 * Besides the default key it knows a read-only key and a login.
 */
abstract class EmulatorPerClass {
    static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    static final String READ_ONLY_KEY = "sk_read_only";

    @Parameter
    String transport;

    static SferenceEmulator emulator;
    SferenceClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = SferenceEmulator.start(EmulatorOptions.builder()
                .stepDelay(Duration.ofMillis(20))
                .key("sk_test", Set.of("responses:read", "responses:write"))
                .key(READ_ONLY_KEY, Set.of("responses:read"))
                .login("ada", "lovelace")
                .build());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void connect() {
        client = Transports.client(emulator, transport);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }
}
