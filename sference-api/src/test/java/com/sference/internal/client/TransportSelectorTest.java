package com.sference.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransportSelectorTest {
    private static final Function<String, String> NONE = key -> null;

    private static TransportProvider provider(String name, int priority) {
        return new TransportProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Transport create(TransportConfig config) {
                return new NamedTransport(name);
            }
        };
    }

    private record NamedTransport(String name) implements Transport {
        @Override
        public CompletableFuture<TransportResponse> send(TransportRequest request) {
            throw new UnsupportedOperationException("selection tests send nothing");
        }

        @Override
        public void close() {}
    }

    private static final List<TransportProvider> ALL = List.of(provider("jdk", 10), provider("vertx", 20), provider("apache", 20));

    private static String select(String builderName, Map<String, String> props, Map<String, String> env, List<TransportProvider> found) {
        return TransportSelector.select(null, builderName, TransportConfig.defaults(), props::get, env::get, found)
                .transport().name();
    }

    @Test
    void instanceWinsOverEveryRuleAndIsNotOwned() {
        Transport mine = new NamedTransport("mine");
        TransportSelector.Selection selection = TransportSelector.select(mine, "jdk", TransportConfig.defaults(),
                k -> "vertx", k -> "apache", ALL);
        assertSame(mine, selection.transport());
        assertFalse(selection.owned());
    }

    @Test
    void builderNameWinsOverPropertyAndEnvironment() {
        assertEquals("jdk", select("jdk", Map.of("sference.transport", "vertx"), Map.of("SFERENCE_TRANSPORT", "apache"), ALL));
    }

    @Test
    void propertyWinsOverEnvironment() {
        assertEquals("vertx", select(null, Map.of("sference.transport", "vertx"), Map.of("SFERENCE_TRANSPORT", "apache"), ALL));
    }

    @Test
    void environmentIsUsedWhenNothingElseNamesOne() {
        assertEquals("jdk", select(null, Map.of(), Map.of("SFERENCE_TRANSPORT", " JDK "), ALL));
    }

    @Test
    void theOnlyProviderIsUsed() {
        assertEquals("jdk", select(null, Map.of(), Map.of(), List.of(provider("jdk", 10))));
    }

    @Test
    void highestPriorityWinsAndTiesGoByName() {
        assertEquals("apache", select(null, Map.of(), Map.of(), ALL));
        assertEquals("vertx", select(null, Map.of(), Map.of(), List.of(provider("jdk", 10), provider("vertx", 20))));
    }

    @Test
    void aMissingKnownTransportNamesItsArtifactAndWhatWasFound() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> select("vertx", Map.of(), Map.of(), List.of(provider("jdk", 10))));
        assertTrue(e.getMessage().contains("No sference transport named \"vertx\" (asked for by the client builder)"), e.getMessage());
        assertTrue(e.getMessage().contains("Available: jdk (com.sference:sference-transport-jdk)"), e.getMessage());
        assertTrue(e.getMessage().contains("Add the artifact com.sference:sference-transport-vertx"), e.getMessage());
    }

    @Test
    void aMisspelledTransportListsTheRealNames() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> select(null, Map.of("sference.transport", "vertz"), Map.of(), List.of(provider("jdk", 10))));
        assertTrue(e.getMessage().contains("\"vertz\" (asked for by -Dsference.transport)"), e.getMessage());
        assertTrue(e.getMessage().contains("The transports are jdk, vertx, apache"), e.getMessage());
    }

    @Test
    void noTransportAtAllListsTheArtifactsToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> select(null, Map.of(), Map.of(), List.of()));
        assertTrue(e.getMessage().startsWith("No sference transport found on the class path."), e.getMessage());
        assertTrue(e.getMessage().contains("com.sference:sference-transport-jdk")
                && e.getMessage().contains("com.sference:sference-transport-apache"), e.getMessage());
    }
}
