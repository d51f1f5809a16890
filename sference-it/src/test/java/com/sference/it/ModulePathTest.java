package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.SferenceClient;
import com.sference.testkit.SferenceEmulator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transport works on the module path: a child JVM runs {@link ModulePathMain} as the main
 * class of a named module, with no class path, and makes real calls to an emulator that runs in
 * this JVM.
 *
 * <p>The module path of each run holds exactly the modules that the transport's module needs:
 * starting from {@code com.sference.transport.<name>}, every module its descriptor and those of
 * the modules it needs {@code requires} (a {@code requires static} one when it is on this test's
 * class path), as the jars or {@code target/classes} directories that Maven put on this test's
 * class path. An automatic module, such as HttpClient 5, cannot declare what it needs, so what it
 * needs is on the module path only if a module descriptor of ours requires it: a dependency that
 * the transport's {@code module-info} forgets fails here as it would for a user.
 *
 * <p>The main module is made at test time, the simplest way that needs no extra source folder or
 * build step: its {@code module-info.java} (it requires {@code com.sference} and uses the
 * transport SPI) is compiled with {@link javax.tools.JavaCompiler} against the SDK's module, and
 * the class file of {@link ModulePathMain}, which Maven compiled with the other tests and which
 * uses only the SDK's exported packages, is copied beside it, making an exploded module.
 */
class ModulePathTest {
    private static final String MAIN_MODULE = "com.sference.it.modulepath";
    private static final Map<String, Path> MODULES = modulesOnTheClassPath();

    private static SferenceEmulator emulator;
    private static Path mainModule;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        emulator = SferenceEmulator.start();
        mainModule = compileMainModule(dir);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "apache", "vertx"})
    void eachTransportMakesRealCallsOnTheModulePath(String transport) throws Exception {
        String module = "com.sference.transport." + transport;
        Set<Path> modulePath = needs(module);
        modulePath.add(mainModule);

        Map<String, String> out = run(modulePath);

        assertEquals(MAIN_MODULE + " com.sference", out.get("modules"), "both run as named modules");
        assertEquals(transport + "@" + module, out.get("providers"), "the one provider, found through its module-info");
        assertEquals(transport, out.get("transport"));
        try (SferenceClient here = SferenceClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey())
                .transport("jdk").build()) {
            assertEquals(here.auth().me().id(), out.get("caller"));
            String[] batch = out.get("batch").split(" ");
            assertEquals(batch[0], batch[1], "the batch created was got back");
            assertEquals(batch[0], here.batches().get(batch[0]).id(), "and the emulator has it");
        }
    }

    /** Runs the main module in a child JVM on {@code modulePath}; {@return its output lines by first word} */
    private static Map<String, String> run(Set<Path> modulePath) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", join(modulePath),
                "--module", MAIN_MODULE + "/" + ModulePathMain.class.getName(),
                emulator.baseUrl(), emulator.apiKey());
        Path log = Files.createTempFile("module-path", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("SFERENCE_TRANSPORT");
            Process child = builder.start();
            boolean ended = child.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, "the child JVM did not end within 60 s:\n" + output);
            assertEquals(0, child.exitValue(), String.join(" ", command) + "\n" + output);
            assertFalse(output.contains("NoClassDefFoundError"), output);
            Map<String, String> lines = new LinkedHashMap<>();
            output.lines().filter(line -> line.indexOf(' ') > 0)
                    .forEach(line -> lines.putIfAbsent(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1)));
            return lines;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * {@return the locations of {@code root} and of every module it needs, transitively, that the
     * JDK does not provide}
     */
    private static Set<Path> needs(String root) {
        Set<Path> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        ModuleFinder system = ModuleFinder.ofSystem();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name) || system.find(name).isPresent()) {
                continue;
            }
            Path location = MODULES.get(name);
            assertTrue(location != null, "module " + name + " is not on the test class path; found " + MODULES.keySet());
            found.add(location);
            ModuleDescriptor descriptor = ModuleFinder.of(location).find(name).orElseThrow().descriptor();
            for (ModuleDescriptor.Requires requires : descriptor.requires()) {
                boolean optional = requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
                if (!optional || MODULES.containsKey(requires.name())) {
                    todo.add(requires.name());
                }
            }
        }
        return found;
    }

    /** {@return every module on this test's class path, by name, with where it is} Entries that are no module are skipped. */
    private static Map<String, Path> modulesOnTheClassPath() {
        Map<String, Path> modules = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path location = Path.of(entry);
            if (!Files.exists(location)) {
                continue;
            }
            try {
                for (ModuleReference reference : ModuleFinder.of(location).findAll()) {
                    modules.putIfAbsent(reference.descriptor().name(), location);
                }
            } catch (FindException e) {
                // A directory of classes without module-info, or a jar with no valid module name.
            }
        }
        return modules;
    }

    /** Compiles the main module's descriptor and adds the class file of {@link ModulePathMain}; {@return the module's directory} */
    private static Path compileMainModule(Path dir) throws Exception {
        Path source = dir.resolve("src").resolve("module-info.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "module " + MAIN_MODULE + " {\n"
                + "    requires com.sference;\n"
                + "    uses com.sference.transport.TransportProvider;\n"
                + "}\n");
        Path classes = dir.resolve(MAIN_MODULE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, "-d", classes.toString(),
                "--module-path", join(needs("com.sference")), source.toString());
        assertEquals(0, status, messages.toString(StandardCharsets.UTF_8));

        Path compiled = Path.of(ModulePathMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = ModulePathMain.class.getPackageName().replace('.', File.separatorChar);
        Path target = Files.createDirectories(classes.resolve(packagePath));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(compiled.resolve(packagePath),
                ModulePathMain.class.getSimpleName() + "*.class")) {
            for (Path file : files) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
        return classes;
    }

    private static String join(Set<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
