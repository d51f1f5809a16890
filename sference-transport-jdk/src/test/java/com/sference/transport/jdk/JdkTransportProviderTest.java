package com.sference.transport.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JdkTransportProviderTest {

    @Test
    void isNamedJdkWithBaselinePriority() {
        JdkTransportProvider provider = new JdkTransportProvider();
        assertEquals("jdk", provider.name());
        assertEquals(10, provider.priority());
        assertEquals("com.sference:sference-transport-jdk", provider.artifact());
    }

    @Test
    void serviceLoaderFindsProviderByNameOnClassPath() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("jdk"))
                .collect(Collectors.toList());
        assertEquals(1, found.size());
        assertInstanceOf(JdkTransportProvider.class, found.get(0));
    }

    @Test
    void serviceLoaderFindsProviderThroughModuleDescriptor() throws Exception {
        ModuleFinder finder = ModuleFinder.of(
                location(JdkTransportProvider.class), location(TransportProvider.class), location(com.google.gson.Gson.class));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("com.sference.transport.jdk"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        ModuleDescriptor descriptor = layer.findModule("com.sference.transport.jdk").orElseThrow().getDescriptor();
        assertEquals(Set.of("com.sference.transport.jdk"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));

        Class<?> spi = layer.findLoader("com.sference").loadClass(TransportProvider.class.getName());
        List<String> names = new ArrayList<>();
        for (Object provider : ServiceLoader.load(layer, spi)) {
            assertEquals("com.sference.transport.jdk", provider.getClass().getModule().getName());
            names.add((String) spi.getMethod("name").invoke(provider));
        }
        assertEquals(List.of("jdk"), names);
    }

    @Test
    void createsTransportFromDefaults() {
        try (Transport transport = new JdkTransportProvider().create(TransportConfig.defaults())) {
            assertEquals("jdk", transport.name());
        }
    }

    @Test
    void rejectsNativeClientOfAnotherTypeNamingTheAcceptedOne() {
        TransportConfig config = TransportConfig.builder().nativeClient("not a client").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JdkTransportProvider().create(config));
        assertTrue(e.getMessage().contains("java.net.http.HttpClient"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void rejectsNullConfig() {
        assertThrows(NullPointerException.class, () -> new JdkTransportProvider().create(null));
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
