package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SferenceEmulatorExtension.class)
class SferenceEmulatorExtensionTest {

    private static SferenceEmulator fromBeforeAll;

    @BeforeAll
    static void before(SferenceEmulator emulator) {
        fromBeforeAll = emulator;
    }

    @AfterAll
    static void after(SferenceEmulator emulator) {
        assertSame(fromBeforeAll, emulator);
    }

    @Test
    void resolvesOneRunningEmulatorPerClass(SferenceEmulator emulator) {
        assertSame(fromBeforeAll, emulator);
        assertEquals(EmulatorOptions.DEFAULT_API_KEY, emulator.apiKey());
        assertEquals(200, new Http(emulator).get("/v1/auth/me").status());
        assertEquals("http://127.0.0.1:" + emulator.port(), emulator.baseUrl());
        assertEquals(emulator.baseUrl(), emulator.uri().toString());
        assertEquals(emulator.baseUrl() + "/v1", emulator.openAiBaseUrl());
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheEnclosingClassEmulator(SferenceEmulator emulator) {
            assertSame(fromBeforeAll, emulator);
        }
    }

    @Test
    void closingStopsTheServer() {
        SferenceEmulator emulator = SferenceEmulator.start();
        Http http = new Http(emulator);
        assertEquals(200, http.get("/v1/auth/me").status());
        emulator.close();
        emulator.close();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> http.get("/v1/auth/me"));
        assertEquals(ConnectException.class, e.getCause().getClass());
    }
}
