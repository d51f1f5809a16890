package com.sference.transport.apache;

import static com.sference.transport.apache.OverLoopback.failureOf;
import static com.sference.transport.apache.OverLoopback.send;
import static com.sference.transport.apache.OverLoopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.RequestTimeoutException;
import com.sference.testkit.tck.LoopbackServer;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportProvider;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApacheTransportProviderTest {

    private LoopbackServer server;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isNamedApacheAndRanksBetweenJdkAndVertx() {
        ApacheTransportProvider provider = new ApacheTransportProvider();
        assertEquals("apache", provider.name());
        assertEquals(20, provider.priority());
        assertEquals("com.sference:sference-transport-apache", provider.artifact());
        assertEquals("ApacheTransportProvider[apache]", provider.toString());
    }

    @Test
    void serviceLoaderFindsProviderByNameOnClassPath() {
        List<TransportProvider> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("apache"))
                .collect(Collectors.toList());
        assertEquals(1, found.size());
        assertInstanceOf(ApacheTransportProvider.class, found.get(0));
    }

    @Test
    void serviceLoaderFindsProviderThroughModuleDescriptor() throws Exception {
        ModuleFinder finder = ModuleFinder.of(
                location(ApacheTransportProvider.class), location(TransportProvider.class), location(com.google.gson.Gson.class),
                location(CloseableHttpAsyncClient.class), location(IOReactorStatus.class),
                location(org.apache.hc.core5.http2.HttpVersionPolicy.class), location(org.slf4j.Logger.class));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("com.sference.transport.apache"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        ModuleDescriptor descriptor = layer.findModule("com.sference.transport.apache").orElseThrow().getDescriptor();
        assertEquals(Set.of("com.sference.transport.apache"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));

        ClassLoader api = layer.findLoader("com.sference");
        Class<?> spi = api.loadClass(TransportProvider.class.getName());
        Class<?> configType = api.loadClass(TransportConfig.class.getName());
        List<String> names = new ArrayList<>();
        for (Object provider : ServiceLoader.load(layer, spi)) {
            assertEquals("com.sference.transport.apache", provider.getClass().getModule().getName());
            names.add((String) spi.getMethod("name").invoke(provider));
            Object defaults = configType.getMethod("defaults").invoke(null);
            try (AutoCloseable transport = (AutoCloseable) spi.getMethod("create", configType).invoke(provider, defaults)) {
                assertEquals("ApacheTransport[owned client]", transport.toString(), "HttpClient runs on the module path");
            }
        }
        assertEquals(List.of("apache"), names);
    }

    @Test
    void ownsOnlyDaemonThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Transport transport = new ApacheTransportProvider().create(TransportConfig.defaults())) {
            send(transport, TransportRequest.newBuilder("GET", server.uri("/echo")).build()).close();
            List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.getName().startsWith("loopback-server"))
                    .collect(Collectors.toList());
            assertTrue(started.stream().anyMatch(thread -> thread.getName().startsWith("sference-apache-io-")), started::toString);
            for (Thread thread : started) {
                assertTrue(thread.isDaemon(), thread + " is not a daemon");
            }
        }
    }

    @Test
    void usesSuppliedClientStartsItAndNeverClosesIt() throws Exception {
        server.handle("/status", exchange -> exchange.respond(203, new byte[0]));
        CloseableHttpAsyncClient mine = HttpAsyncClients.custom()
                .setDefaultHeaders(List.of(new BasicHeader("X-Supplied", "yes")))
                .build();
        try {
            assertEquals(IOReactorStatus.INACTIVE, mine.getStatus());
            Transport supplied = new ApacheTransportProvider().create(TransportConfig.builder().nativeClient(mine).build());
            assertEquals("ApacheTransport[supplied client]", supplied.toString());

            try (TransportResponse response = send(supplied, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                assertEquals(200, response.status(), "create() started the client");
            }
            assertEquals("yes", server.takeRequest().header("x-supplied").orElse(null), "the supplied client sent it");
            supplied.close();

            assertEquals(IOReactorStatus.ACTIVE, mine.getStatus());
            SimpleHttpResponse after = mine.execute(SimpleRequestBuilder.get(server.uri("/status")).build(), null)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(203, after.getCode());
        } finally {
            mine.close(CloseMode.IMMEDIATE);
        }
    }

    @Test
    void boundsTheTimeToHeadersOnASuppliedClient() throws Exception {
        server.handle("/slow", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(5)));
        try (CloseableHttpAsyncClient mine = HttpAsyncClients.createDefault();
                Transport supplied = new ApacheTransportProvider().create(TransportConfig.builder().nativeClient(mine).build())) {
            TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/slow")).timeout(Duration.ofMillis(300)).build();
            RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failureOf(supplied.send(request)));
            assertTrue(e.getMessage().startsWith("no response within PT0.3S"), e.getMessage());
        }
    }

    @Test
    void neverReusesAConnectionOfASuppliedClientClosedEarly() throws Exception {
        byte[] large = new byte[4 * 1024 * 1024];
        server.handle("/large", exchange -> exchange.respond(200, large));
        try (CloseableHttpAsyncClient mine = HttpAsyncClients.custom()
                        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(1).setMaxConnPerRoute(1).build())
                        .build();
                Transport supplied = new ApacheTransportProvider().create(TransportConfig.builder().nativeClient(mine).build())) {
            try (TransportResponse warm = send(supplied, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                text(warm); // the next exchange runs on this pooled connection
            }
            TransportResponse early = send(supplied, TransportRequest.newBuilder("GET", server.uri("/large")).build());
            assertEquals(0, early.body().read());
            early.close();
            try (TransportResponse next = send(supplied, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                assertEquals(200, next.status());
                assertEquals(0, new String(next.body().readAllBytes(), StandardCharsets.UTF_8).length());
            }
        }
        int warm = server.takeRequest().connection();
        assertEquals(warm, server.takeRequest().connection(), "the large response came over the pooled connection");
        assertNotEquals(warm, server.takeRequest().connection(), "which was then discarded");
    }

    @Test
    void rejectsNativeClientOfAnotherTypeNamingTheAcceptedOne() {
        TransportConfig config = TransportConfig.builder().nativeClient("not a client").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApacheTransportProvider().create(config));
        assertTrue(e.getMessage().contains("org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void rejectsSuppliedClientThatWasShutDown() {
        CloseableHttpAsyncClient closed = HttpAsyncClients.createDefault();
        closed.start();
        closed.close(CloseMode.IMMEDIATE);
        TransportConfig config = TransportConfig.builder().nativeClient(closed).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApacheTransportProvider().create(config));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    }

    @Test
    void rejectsNullConfig() {
        assertThrows(NullPointerException.class, () -> new ApacheTransportProvider().create(null));
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
