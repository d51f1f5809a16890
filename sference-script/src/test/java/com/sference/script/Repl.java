package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * A JShell, through the {@code jdk.jshell} API, set up as {@code bin/sference-shell} sets it up:
 * the test class path and the shell's startup imports. Snippets run where the {@code jshell} tool
 * runs them, in an agent JVM (JShell's local engine waits for every thread a snippet starts, so it
 * cannot host an emulator); what they print is captured, and every snippet must come out valid
 * and without an exception.
 */
final class Repl implements AutoCloseable {
    /** The value of the last snippet evaluated (as JShell shows it) and what the snippets printed. */
    record Result(String value, String output) {}

    /** The imports of the jshell tool's DEFAULT startup, which the launcher loads first. */
    private static final String DEFAULT_STARTUP = "import java.io.*;\nimport java.math.*;\nimport java.net.*;\n"
            + "import java.nio.file.*;\nimport java.util.*;\nimport java.util.concurrent.*;\n"
            + "import java.util.function.*;\nimport java.util.prefs.*;\nimport java.util.regex.*;\n"
            + "import java.util.stream.*;\n";

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    /** Standard error (the SDK's log lines), kept apart from what the functions print. */
    private final PrintStream errors = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    private final JShell shell;

    Repl() {
        String classPath = String.join(File.pathSeparator, classPath());
        shell = JShell.builder().out(capture).err(errors).remoteVMOptions("--class-path", classPath).build();
        shell.addToClasspath(classPath);
        eval(DEFAULT_STARTUP);
        eval(resource("startup.jsh"));
    }

    /** {@return the test's class path: surefire's, whether or not it runs from a manifest-only jar} */
    static List<String> classPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(path.split(File.pathSeparator));
    }

    /** {@return the text of a resource of the shell, like its startup snippets} */
    static String resource(String name) {
        try (InputStream in = Sference.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Evaluates one or more snippets, each of which must be valid and throw nothing.
     *
     * @return the last snippet's value and everything printed meanwhile
     */
    Result eval(String source) {
        buffer.reset();
        String value = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String snippet = info.source() != null ? info.source() : rest;
            value = check(snippet, shell.eval(snippet));
            rest = info.source() != null ? info.remaining() : "";
        }
        capture.flush();
        return new Result(value, buffer.toString(StandardCharsets.UTF_8));
    }

    private String check(String snippet, List<SnippetEvent> events) {
        String value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            if (event.status() == Snippet.Status.REJECTED) {
                String diagnostics = shell.diagnostics(event.snippet()).map(Diag::toString)
                        .map(d -> d.replaceAll("\\s+", " ")).collect(Collectors.joining("; "));
                fail("rejected: " + snippet.strip() + ": " + diagnostics);
            }
            assertEquals(Snippet.Status.VALID, event.status(), snippet);
            if (event.exception() != null) {
                fail("threw: " + snippet.strip(), event.exception());
            }
            value = event.value();
        }
        return value;
    }

    @Override
    public void close() {
        shell.close();
    }
}
