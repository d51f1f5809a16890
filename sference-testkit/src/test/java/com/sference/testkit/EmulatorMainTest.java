package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs {@link EmulatorMain} as a real process on the test class path. */
class EmulatorMainTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EmulatorMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    @Test
    void servesUntilSigtermWithTheKeysGiven() throws Exception {
        Process process = start("--key", "sk_ro:responses:read", "--key", "sk_rw", "--delay-ms", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(20, TimeUnit.SECONDS);
            assertNotNull(line, "no output");
            Matcher m = LISTENING.matcher(line);
            assertTrue(m.matches(), line);
            String base = m.group(1);
            Http http = Http.at(base, "sk_rw");
            assertEquals(200, http.get("/v1/auth/me").status());
            Http.Res created = http.post("/v1/responses", ResponsesTest.body("m", "process"));
            assertEquals("completed", created.str("status"));
            Http ro = http.as("sk_ro");
            assertEquals(200, ro.get("/v1/responses/" + created.str("id")).status());
            assertEquals(403, ro.post("/v1/responses", ResponsesTest.body("m", "x")).status());
            assertEquals(401, http.as("sk_test").get("/v1/auth/me").status(), "no default key when --key is given");

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits after SIGTERM");
            assertFalse(process.isAlive());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withoutKeysItAcceptsSkTestAndSaysSo() throws Exception {
        Process process = start("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(20, TimeUnit.SECONDS);
            Matcher m = LISTENING.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(200, Http.at(m.group(1), "sk_test").get("/v1/auth/me").status());
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String notice = CompletableFuture.supplyAsync(() -> readLine(err)).get(20, TimeUnit.SECONDS);
            assertTrue(notice.contains("accepting sk_test with scopes responses:read,responses:write"), notice);
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void badArgumentsPrintUsageAndExitWith2() throws Exception {
        Process process = start("--port", "nope");
        try {
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(2, process.exitValue());
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains("usage: sference-emulator"), err);
            assertEquals("", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
