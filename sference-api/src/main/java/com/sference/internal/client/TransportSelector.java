package com.sference.internal.client;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the transport, first match wins: an instance given to the builder; a name given to the
 * builder; {@code -Dsference.transport}; {@code SFERENCE_TRANSPORT}; the one provider found; among
 * several, the highest priority, ties broken by name (logged once).
 */
public final class TransportSelector {
    /** The system property that names the transport. */
    public static final String PROPERTY = "sference.transport";
    /** The environment variable that names the transport. */
    public static final String ENV = "SFERENCE_TRANSPORT";

    private static final Map<String, String> KNOWN = knownTransports();
    private static final Logger LOGGER = System.getLogger("com.sference");
    private static volatile boolean loggedChoice;

    private TransportSelector() {}

    /** A chosen transport and whether the client owns (and so closes) it. */
    public record Selection(Transport transport, boolean owned) {}

    private static Map<String, String> knownTransports() {
        Map<String, String> known = new LinkedHashMap<>();
        known.put("jdk", "the JDK HttpClient, no further dependencies");
        known.put("vertx", "Vert.x Web Client");
        known.put("apache", "Apache HttpClient 5");
        return known;
    }

    /** {@return the transport for these settings, from the providers {@link ServiceLoader} finds} */
    public static Selection select(Transport instance, String builderName, TransportConfig config) {
        return select(instance, builderName, config, System::getProperty, System::getenv, discover());
    }

    /**
     * {@return the transport for these settings}
     *
     * @throws IllegalStateException if the named transport, or any, is missing
     */
    public static Selection select(Transport instance, String builderName, TransportConfig config,
            Function<String, String> properties, Function<String, String> environment,
            List<TransportProvider> providers) {
        if (instance != null) {
            return new Selection(instance, false);
        }
        String name = builderName;
        String source = "the client builder";
        if (isBlank(name)) {
            name = properties.apply(PROPERTY);
            source = "-D" + PROPERTY;
        }
        if (isBlank(name)) {
            name = environment.apply(ENV);
            source = ENV;
        }
        if (!isBlank(name)) {
            String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
            for (TransportProvider provider : providers) {
                if (provider.name().equals(wanted)) {
                    return new Selection(provider.create(config), true);
                }
            }
            throw new IllegalStateException(missing(wanted, source, providers));
        }
        if (providers.isEmpty()) {
            throw new IllegalStateException(noneFound());
        }
        List<TransportProvider> ranked = new ArrayList<>(providers);
        ranked.sort(Comparator.comparingInt(TransportProvider::priority).reversed().thenComparing(TransportProvider::name));
        TransportProvider chosen = ranked.get(0);
        if (ranked.size() > 1 && !loggedChoice) {
            loggedChoice = true;
            LOGGER.log(Level.INFO, "sference transports found: {0}; using \"{1}\" (highest priority). "
                    + "Choose another with SferenceClient.builder().transport(name), -D{2}=name or {3}=name.",
                    names(providers), chosen.name(), PROPERTY, ENV);
        }
        return new Selection(chosen.create(config), true);
    }

    /** {@return the providers on the class or module path; a broken one is logged and skipped} */
    public static List<TransportProvider> discover() {
        Map<String, TransportProvider> byName = new LinkedHashMap<>();
        load(ServiceLoader.load(TransportProvider.class), byName);
        ClassLoader own = TransportSelector.class.getClassLoader();
        if (own != Thread.currentThread().getContextClassLoader()) {
            load(ServiceLoader.load(TransportProvider.class, own), byName);
        }
        return List.copyOf(byName.values());
    }

    private static void load(ServiceLoader<TransportProvider> loader, Map<String, TransportProvider> byName) {
        Iterator<TransportProvider> iterator = loader.iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return;
                }
                TransportProvider provider = iterator.next();
                byName.putIfAbsent(provider.name(), provider);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, "skipping a sference transport provider that failed to load: " + e, e);
            }
        }
    }

    private static String missing(String name, String source, List<TransportProvider> providers) {
        StringBuilder message = new StringBuilder("No sference transport named \"").append(name)
                .append("\" (asked for by ").append(source).append("). ");
        message.append(providers.isEmpty() ? "No transport is on the class path. " : "Available: " + names(providers) + ". ");
        if (KNOWN.containsKey(name)) {
            message.append("Add the artifact com.sference:sference-transport-").append(name).append(" to your dependencies.");
        } else {
            message.append("The transports are ").append(String.join(", ", KNOWN.keySet()))
                    .append("; each comes in the artifact com.sference:sference-transport-<name>.");
        }
        return message.toString();
    }

    private static String noneFound() {
        return "No sference transport found on the class path. Add one of these artifacts: " + KNOWN.entrySet().stream()
                .map(e -> "com.sference:sference-transport-" + e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")) + ".";
    }

    private static String names(List<TransportProvider> providers) {
        return providers.stream().sorted(Comparator.comparing(TransportProvider::name))
                .map(p -> p.name() + " (" + p.artifact() + ")").collect(Collectors.joining(", "));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
