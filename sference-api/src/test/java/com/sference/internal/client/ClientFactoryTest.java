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

    /** Every spelling of {@code http}: 16 casings. */
    private static java.util.List<String> everyCasingOfHttp() {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            StringBuilder scheme = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                char c = "http".charAt(i);
                scheme.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
            }
            all.add(scheme.toString());
        }
        return all;
    }

    @Test
    void refusesTheKeyOverPlainHttpToARemoteHostWhateverTheCasingAndSendsNothing() {
        java.util.List<com.sference.transport.TransportRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sference.transport.Transport recording = new com.sference.transport.Transport() {
            @Override
            public java.util.concurrent.CompletableFuture<com.sference.transport.TransportResponse> send(
                    com.sference.transport.TransportRequest request) {
                sent.add(request);
                return java.util.concurrent.CompletableFuture.completedFuture(com.sference.transport.TransportResponse.of(
                        200, java.util.Map.of(), new java.io.ByteArrayInputStream("{\"id\":\"u\"}".getBytes())));
            }

            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void close() {}
        };
        for (String scheme : everyCasingOfHttp()) {
            for (String host : java.util.List.of("example.com", "EXAMPLE.com:8080", "10.0.0.1", "[2001:db8::1]",
                    "localhost.example.com", "127.0.0.1.example.com")) {
                String url = scheme + "://" + host;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SferenceClient.builder().baseUrl(url).apiKey("sk_live_secret").transport(recording).build(),
                        url);
                assertFalse(e.getMessage().contains("sk_live_secret"));
            }
            for (String host : java.util.List.of("127.0.0.1", "127.1.2.3:9", "[::1]", "[0:0:0:0:0:0:0:1]:8080",
                    "localhost", "LOCALHOST:1")) {
                try (SferenceClient client = SferenceClient.builder().baseUrl(scheme + "://" + host)
                        .apiKey("sk_live_secret").transport(recording).build()) {
                    assertEquals("http", client.baseUrl().getScheme());
                    client.auth().me();
                }
            }
        }
        assertEquals(everyCasingOfHttp().size() * 6, sent.size());
        for (com.sference.transport.TransportRequest request : sent) {
            assertTrue(ClientFactory.isLoopback(request.uri().getHost()), request.uri().toString());
        }
    }

    @Test
    void normalisesSchemeAndHostCaseAndRefusesUserInfo() {
        assertEquals(URI.create("https://api.sference.com:8443/base"),
                ClientFactory.parseBaseUrl("HTTPS://API.Sference.COM:8443/base"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientFactory.parseBaseUrl("https://user:pw@api.sference.com"));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }
}
