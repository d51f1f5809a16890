package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.SferenceClient;
import com.sference.TransportException;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.jdk.JdkTransportProvider;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The transport selection rules with all three transports on the class path, each proven in a
 * child JVM whose class path, system properties and environment the test controls.
 */
class TransportSelectionTest {
    private static final List<String> CLASS_PATH = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));

    private static String run(List<String> classPath, Map<String, String> env, List<String> jvmOptions,
            String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), SelectionMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SFERENCE_TRANSPORT");
        builder.environment().putAll(env);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        return output.lines().filter(l -> l.startsWith("transport ") || l.startsWith("error ")).findFirst()
                .orElseThrow(() -> new AssertionError(output));
    }

    private static String run(Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        return run(CLASS_PATH, env, jvmOptions, args);
    }

    private static List<String> without(String artifact) {
        Predicate<String> isArtifact = entry -> entry.contains(artifact);
        return CLASS_PATH.stream().filter(isArtifact.negate()).toList();
    }

    @Test
    void theDefaultIsTheHighestPriorityVertxThenApacheThenJdk() throws Exception {
        assertTrue(run(Map.of(), List.of()).startsWith("transport vertx "));
        assertTrue(run(without("sference-transport-vertx"), Map.of(), List.of()).startsWith("transport apache "));
        List<String> jdkOnly = without("sference-transport-vertx").stream()
                .filter(entry -> !entry.contains("sference-transport-apache")).toList();
        assertTrue(run(jdkOnly, Map.of(), List.of()).startsWith("transport jdk "));
    }

    @Test
    void theBuilderNameWinsOverPropertyAndEnvironment() throws Exception {
        assertTrue(run(Map.of("SFERENCE_TRANSPORT", "apache"), List.of("-Dsference.transport=vertx"), "jdk")
                .startsWith("transport jdk "));
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() throws Exception {
        assertTrue(run(Map.of("SFERENCE_TRANSPORT", "apache"), List.of("-Dsference.transport=jdk"))
                .startsWith("transport jdk "));
    }

    @Test
    void theEnvironmentVariableChoosesWhenNothingElseDoes() throws Exception {
        assertTrue(run(Map.of("SFERENCE_TRANSPORT", "apache"), List.of()).startsWith("transport apache "));
    }

    @Test
    void anInstanceWinsAndIsNotClosedByTheClient() {
        Transport mine = new JdkTransportProvider().create(TransportConfig.defaults());
        try (SferenceClient client = SferenceClient.builder().baseUrl("http://127.0.0.1:9").transport(mine)
                .transport("apache").build()) {
            assertEquals("jdk", client.transportName());
        }
        // Still open: a closed JDK transport fails at once with IllegalStateException, an open one
        // tries to connect (nothing listens on port 9) and fails with a TransportException.
        CompletionException e = assertThrows(CompletionException.class, () -> mine.send(
                TransportRequest.newBuilder("GET", URI.create("http://127.0.0.1:9/")).build()).join());
        assertInstanceOf(TransportException.class, e.getCause());
        mine.close();
    }

    @Test
    void aMissingTransportListsWhatIsThereAndTheArtifactToAdd() throws Exception {
        String error = run(without("sference-transport-vertx"), Map.of(), List.of("-Dsference.transport=vertx"));
        assertEquals("error No sference transport named \"vertx\" (asked for by -Dsference.transport). "
                + "Available: " + available("apache", "jdk") + ". "
                + "Add the artifact com.sference:sference-transport-vertx to your dependencies.", error);
    }

    @Test
    void aMisspelledTransportNamesTheRealOnes() throws Exception {
        String error = run(Map.of("SFERENCE_TRANSPORT", "vertz"), List.of());
        assertTrue(error.startsWith("error No sference transport named \"vertz\" (asked for by SFERENCE_TRANSPORT)."), error);
        assertTrue(error.contains("The transports are jdk, vertx, apache; each comes in the artifact "
                + "com.sference:sference-transport-<name>."), error);
    }

    @Test
    void noTransportAtAllNamesTheArtifactsToAdd() throws Exception {
        List<String> none = CLASS_PATH.stream().filter(entry -> !entry.contains("sference-transport-")).toList();
        String error = run(none, Map.of(), List.of());
        assertTrue(error.startsWith("error No sference transport found on the class path. Add one of these artifacts: "
                + "com.sference:sference-transport-jdk"), error);
    }

    @Test
    void findsTheTransportThroughModuleInfoOnTheModulePath() throws Exception {
        Predicate<String> onModulePath = entry -> entry.contains("sference-api") || entry.contains("gson")
                || entry.contains("sference-transport-jdk");
        String modulePath = CLASS_PATH.stream().filter(onModulePath).collect(Collectors.joining(File.pathSeparator));
        List<String> classPath = CLASS_PATH.stream().filter(onModulePath.negate())
                .filter(entry -> !entry.contains("sference-transport-")).toList();
        String line = run(classPath, Map.of(), List.of("--module-path", modulePath,
                "--add-modules", "com.sference,com.sference.transport.jdk"));
        assertEquals("transport jdk module com.sference", line);
        assertFalse(modulePath.isEmpty());
    }

    private static String available(String... names) {
        return Arrays.stream(names).map(n -> n + " (com.sference:sference-transport-" + n + ")").collect(Collectors.joining(", "));
    }
}
