package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered with options in a static field. */
class SferenceEmulatorExtensionOptionsTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(EmulatorOptions.builder()
            .key("sk_custom").stepDelay(Duration.ZERO).build());

    private static SferenceEmulator shared;

    @BeforeAll
    static void before(SferenceEmulator emulator) {
        shared = emulator;
    }

    @Test
    void staticRegistrationUsesTheOptions(SferenceEmulator emulator) {
        assertSame(shared, emulator);
        assertEquals("sk_custom", emulator.apiKey());
        assertEquals(Duration.ZERO, emulator.options().stepDelay());
        assertEquals(200, new Http(emulator).get("/v1/auth/me").status());
        assertEquals(401, new Http(emulator).as(EmulatorOptions.DEFAULT_API_KEY).get("/v1/auth/me").status());
    }

    @Test
    void everyTestOfTheClassGetsTheSameEmulator(SferenceEmulator emulator) {
        assertSame(shared, emulator);
    }
}
