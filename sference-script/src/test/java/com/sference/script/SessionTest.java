package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.SferenceClient;
import com.sference.testkit.SferenceEmulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {
    @Test
    void connectWithAKeyInTheEnvironmentUsesItsBaseUrl() {
        try (SferenceEmulator server = SferenceEmulator.start()) {
            Session session = new Session(Map.of("SFERENCE_API_KEY", server.apiKey(),
                    "SFERENCE_BASE_URL", server.baseUrl())::get);
            SferenceClient client = session.connect();
            assertEquals(server.baseUrl(), client.baseUrl().toString());
            assertEquals(0, client.batches().list().size());
            assertEquals(Session.LOCAL_WAIT, session.waitOptions());
            session.disconnect();
        }
    }

    @Test
    void aKeyWithoutABaseUrlMeansTheDefaultServer() {
        Session session = new Session(Map.of("SFERENCE_API_KEY", "sk_x")::get);
        assertEquals(SferenceClient.DEFAULT_BASE_URL, session.connect().baseUrl().toString().replaceAll("/$", ""));
        assertEquals(Session.REMOTE_WAIT, session.waitOptions());
        session.disconnect();
    }

    @Test
    void aFailedUseBeforeConnectingLeavesNoTransportBehind() {
        Session session = new Session(Map.<String, String>of()::get);
        assertThrows(RuntimeException.class, () -> session.use("carrier-pigeon"));
        assertTrue(session.client().baseUrl().toString().startsWith("http://127.0.0.1:"));
        session.disconnect();
    }

    @Test
    void requireNamesWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Session.require(null, "batch"));
        assertEquals("no batch given (null; did an earlier call fail?)", e.getMessage());
    }
}
