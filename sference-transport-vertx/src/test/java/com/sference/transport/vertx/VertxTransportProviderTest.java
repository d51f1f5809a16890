package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VertxTransportProviderTest {

    @Test
    void isNamedVertxAndRanksAboveApacheAndJdk() {
        VertxTransportProvider provider = new VertxTransportProvider();
        assertEquals("vertx", provider.name());
        assertEquals(30, provider.priority());
        assertEquals("com.sference:sference-transport-vertx", provider.artifact());
    }

    @Test
    void serviceLoaderFindsProviderByNameOnClassPath() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("vertx"))
                .collect(Collectors.toList());
        assertEquals(1, found.size());
        assertInstanceOf(VertxTransportProvider.class, found.get(0));
    }

    @Test
    void serviceLoaderFindsProviderThroughModuleDescriptor() throws Exception {
        List<Path> paths = new ArrayList<>(List.of(location(VertxTransportProvider.class), location(TransportProvider.class)));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> Stream.of("vertx-", "netty-", "jackson-core-", "gson-")
                        .anyMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
                .forEach(paths::add);
        ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("com.sference.transport.vertx"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        ModuleDescriptor descriptor = layer.findModule("com.sference.transport.vertx").orElseThrow().getDescriptor();
        assertEquals(Set.of("com.sference.transport.vertx"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));

        Class<?> spi = layer.findLoader("com.sference").loadClass(TransportProvider.class.getName());
        List<String> names = new ArrayList<>();
        for (Object provider : ServiceLoader.load(layer, spi)) {
            assertEquals("com.sference.transport.vertx", provider.getClass().getModule().getName());
            names.add((String) spi.getMethod("name").invoke(provider));
        }
        assertEquals(List.of("vertx"), names);
    }

    @Test
    void createsTransportFromDefaults() {
        try (Transport transport = new VertxTransportProvider().create(TransportConfig.defaults())) {
            assertEquals("vertx", transport.name());
        }
    }

    @Test
    void rejectsNativeClientOfAnotherTypeNamingTheAcceptedOnes() {
        TransportConfig config = TransportConfig.builder().nativeClient("not a client").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VertxTransportProvider().create(config));
        assertTrue(e.getMessage().contains("io.vertx.core.Vertx"), e.getMessage());
        assertTrue(e.getMessage().contains("io.vertx.ext.web.client.WebClient"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void rejectsNullConfig() {
        assertThrows(NullPointerException.class, () -> new VertxTransportProvider().create(null));
    }

    @Test
    void ownedVertxRunsOnDaemonThreadsAndStopsThemOnClose() throws Exception {
        List<Thread> started;
        try (LoopbackServer server = LoopbackServer.start()) {
            server.uri("/");
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Transport transport = new VertxTransportProvider().create(TransportConfig.defaults());
            for (int i = 0; i < 4; i++) { // contexts spread over several event loops
                transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build()).get(10, TimeUnit.SECONDS).close();
            }
            started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && !t.getName().startsWith("loopback-server"))
                    .collect(Collectors.toList());
            assertTrue(started.stream().anyMatch(t -> t.getName().contains("eventloop")), started.toString());
            for (Thread thread : started) {
                assertTrue(thread.isDaemon(), thread.getName() + " is not a daemon");
            }
            transport.close();
        }
        for (Thread thread : started) {
            if (thread.getName().startsWith("vert.x-")) {
                thread.join(5_000);
                assertTrue(!thread.isAlive(), thread.getName() + " still runs after close");
            }
        }
    }

    @Test
    void anUnclosedTransportDoesNotKeepTheJvmAlive() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), UnclosedTransportMain.class.getName(),
                    server.uri("/echo").toString())
                    .redirectErrorStream(true).start();
            boolean exited = child.waitFor(20, TimeUnit.SECONDS);
            String output = new String(child.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!exited) {
                child.destroyForcibly();
            }
            assertTrue(exited, "the JVM kept running with an unclosed transport: " + output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("status 200"), output);
        }
    }

    /** Sends one request over a transport it never closes, then returns from main. */
    static final class UnclosedTransportMain {
        public static void main(String[] args) throws Exception {
            Transport transport = new VertxTransportProvider().create(TransportConfig.defaults());
            try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", URI.create(args[0])).build())
                    .get(10, TimeUnit.SECONDS)) {
                System.out.println("status " + response.status());
            }
        }
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
