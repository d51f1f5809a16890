package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered in an instance field, the extension starts and closes one emulator per test. */
class SferenceEmulatorExtensionPerMethodTest {

    private static final List<SferenceEmulator> SEEN = new ArrayList<>();

    @RegisterExtension
    final SferenceEmulatorExtension extension = new SferenceEmulatorExtension();

    @Test
    void first(SferenceEmulator emulator) {
        SEEN.add(emulator);
        assertEquals(200, new Http(emulator).get("/v1/auth/me").status());
    }

    @Test
    void second(SferenceEmulator emulator) {
        SEEN.add(emulator);
        assertEquals(200, new Http(emulator).get("/v1/auth/me").status());
    }

    @AfterAll
    static void eachTestHadItsOwnEmulatorAndEachWasClosed() {
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0).port(), SEEN.get(1).port());
        for (SferenceEmulator emulator : SEEN) {
            assertThrows(UncheckedIOException.class, () -> new Http(emulator).get("/v1/auth/me"));
        }
    }
}
