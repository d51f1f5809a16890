package com.sference.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.SferenceClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientFactoryTest {
    @Test
    void baseUrlLosesItsTrailingSlashes() {
        assertEquals(URI.create("https://api.sference.com"), ClientFactory.parseBaseUrl("https://api.sference.com//"));
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThrows(IllegalArgumentException.class, () -> ClientFactory.parseBaseUrl("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> ClientFactory.parseBaseUrl("api.sference.com"));
        assertThrows(IllegalArgumentException.class, () -> ClientFactory.parseBaseUrl("https://x/?a=b"));
    }

    @Test
    void knowsLoopbackHosts() {
        assertTrue(ClientFactory.isLoopback("localhost"));
        assertTrue(ClientFactory.isLoopback("127.0.0.1"));
        assertTrue(ClientFactory.isLoopback("127.4.5.6"));
        assertTrue(ClientFactory.isLoopback("[::1]"));
        assertFalse(ClientFactory.isLoopback("10.0.0.1"));
        assertFalse(ClientFactory.isLoopback("example.com"));
    }

    @Test
    void refusesToSendAKeyOverPlainHttpToARemoteHost() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SferenceClient.builder()
                .baseUrl("http://api.example.com").apiKey("sk_live_secret").build());
        assertTrue(e.getMessage().contains("plain http to api.example.com"), e.getMessage());
        assertFalse(e.getMessage().contains("sk_live_secret"));
    }

    @Test
    void builderToStringHidesTheKey() {
        String text = SferenceClient.builder().apiKey("sk_live_secret").toString();
        assertFalse(text.contains("sk_live_secret"), text);
        assertTrue(text.contains("REDACTED"), text);
    }
}
