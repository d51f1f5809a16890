package com.sference.script;

import com.sference.transport.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The transports on the class or module path, found as the client finds them: with {@link ServiceLoader}. */
final class Transports {
    /** A transport found: its name, priority and artifact. */
    record Found(String name, int priority, String artifact) {}

    private Transports() {}

    /** {@return the transports found, highest priority first, ties by name; a broken provider is skipped} */
    static List<Found> discover() {
        Map<String, Found> byName = new LinkedHashMap<>();
        load(ServiceLoader.load(TransportProvider.class), byName);
        load(ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()), byName);
        List<Found> found = new ArrayList<>(byName.values());
        found.sort(Comparator.comparingInt(Found::priority).reversed().thenComparing(Found::name));
        return found;
    }

    private static void load(ServiceLoader<TransportProvider> loader, Map<String, Found> byName) {
        Iterator<TransportProvider> providers = loader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return;
                }
                TransportProvider provider = providers.next();
                byName.putIfAbsent(provider.name(), new Found(provider.name(), provider.priority(), provider.artifact()));
            } catch (ServiceConfigurationError | LinkageError e) {
                // The client logs a broken provider when it selects; listing goes on without it.
            }
        }
    }
}
