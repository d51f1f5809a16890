package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sference.testkit.SferenceEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sference-shell} end to end: a real {@code jshell} process (of the JDK running the
 * tests) started from another directory, running the README's first command, the quickstart.
 * {@code SFERENCE_CLASSPATH} hands it this build's class path, so the launcher builds nothing.
 */
class SferenceShellTest {
    private static final Path ROOT = root();

    @TempDir
    Path elsewhere;

    /** What a run printed and how it ended. */
    private record Run(int exitCode, String out, String err) {}

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("bin/sference-shell"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("bin/sference-shell not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private Run run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sference-shell").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(elsewhere.resolve("out.txt").toFile())
                .redirectError(elsewhere.resolve("err.txt").toFile());
        builder.environment().remove("SFERENCE_API_KEY");
        builder.environment().remove("SFERENCE_BASE_URL");
        builder.environment().put("SFERENCE_CLASSPATH", String.join(File.pathSeparator, Repl.classPath()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("bin/sference-shell did not finish in 180 s:\n" + Files.readString(elsewhere.resolve("out.txt")));
        }
        return new Run(process.exitValue(), Files.readString(elsewhere.resolve("out.txt")),
                Files.readString(elsewhere.resolve("err.txt")));
    }

    /** The quickstart, by a path relative to a directory outside the checkout. */
    private String quickstart() {
        return elsewhere.relativize(ROOT.resolve("examples/quickstart.jsh")).toString();
    }

    @Test
    void quickstartRunsToTheEndOnAnEmbeddedEmulatorFromAnotherDirectory() throws Exception {
        Run run = run(Map.of(), "", quickstart());
        String out = run.out();
        assertEquals(0, run.exitCode(), out + run.err());
        assertTrue(out.startsWith("no SFERENCE_API_KEY set: using an embedded emulator at http://127.0.0.1:"), out);
        assertQuickstartOutput(out);
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void quickstartRunsAgainstTheServerTheEnvironmentNames() throws Exception {
        try (SferenceEmulator server = SferenceEmulator.start()) {
            Run run = run(Map.of("SFERENCE_BASE_URL", server.baseUrl(), "SFERENCE_API_KEY", server.apiKey()), "",
                    quickstart());
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().startsWith("connected to " + server.baseUrl() + " over the jdk transport\n"), run.out());
            assertQuickstartOutput(run.out());
            assertTrue(server.requests().stream().anyMatch(r -> r.path().equals("/v1/batches")));
            assertTrue(server.requests().stream().anyMatch(r -> r.path().contains("/events")));
        }
    }

    private static void assertQuickstartOutput(String out) {
        assertTrue(out.matches("(?s).*\\n  completed +\\d+\\.\\ds  47 tokens\\n.*"), "progress lines:\n" + out);
        assertTrue(out.contains("  custom_id   status     tokens  text\n"
                + "  capital-fr  completed      13  echo: What is the capital of France?\n"
                + "  haiku       completed      14  echo: A haiku about batch jobs\n"
                + "  request-4   completed      11  echo: Translate 'good morning' into German.\n"
                + "  primes      completed       9  echo: Name three prime numbers.\n"), "results table:\n" + out);
        assertTrue(out.contains("\n== response\necho: What is the capital of France?\n"), "answer:\n" + out);
        Matcher first = Pattern.compile("\\ntail: 3 new events, nothing new for \\d\\.\\ds; checkpoint (resp_\\w+)\\n")
                .matcher(out);
        assertTrue(first.find(), "first tail:\n" + out);
        for (String prompt : List.of("first", "second", "third")) {
            assertEquals(1, count(out, "echo: " + prompt + " prompt\n"), prompt + " once:\n" + out);
        }
        assertTrue(out.contains(" after " + first.group(1) + ", until "), "second tail resumes:\n" + out);
        assertTrue(out.contains("\ntail: 0 new events, nothing new for 1.0s; checkpoint " + first.group(1) + "\n"),
                "second tail:\n" + out);
        assertTrue(out.matches("(?s).*\\n== summary\\nbatch \\S+: completed, 4 results, 47 tokens\\n"
                + "response: echo: What is the capital of France\\?\\n"
                + "stream \\S+: 3 events tailed, 0 more on resuming\\n$"), "summary:\n" + out);
        assertFalse(out.contains("error:"), out);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aScriptWhoseCallFailedExitsWithStatus1() throws Exception {
        Files.writeString(elsewhere.resolve("fails.jsh"),
                "local(Duration.ZERO);\nresults(\"b_missing\");\nSystem.out.println(\"went on\");\n");
        Run run = run(Map.of(), "", "fails.jsh");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().matches("(?s).*\\nerror: HTTP 404 Not Found: [^\\n]*b_missing[^\\n]*\\nwent on\\n$"), run.out());
    }

    @Test
    void withoutScriptsItStaysInteractiveWithTheFunctionsImported() throws Exception {
        Run run = run(Map.of(), "help()\nSystem.out.println(\"still here\")\n/exit\n");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("sference shell: help() lists the functions"), run.out());
        assertTrue(run.out().contains("  tail(stream[, idle][, consumer])"), run.out());
        assertTrue(run.out().contains("still here"), run.out());
    }
}
