package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sference.testkit.SferenceEmulator;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function of {@link Sference}, driven as a user drives it: snippets evaluated by JShell
 * (the {@code jdk.jshell} API) after the shell's own startup imports, against an embedded
 * emulator. Assertions are on snippet status, values and printed output.
 */
class SferenceTest {
    private static final String WORKLOAD = "Path.of(\"" + workload() + "\").toString()";
    private static Repl repl;

    @TempDir
    Path dir;

    @BeforeAll
    static void startJShell() {
        repl = new Repl();
    }

    @AfterAll
    static void stopJShell() {
        repl.close();
    }

    @BeforeEach
    void connectToAFastEmulator() {
        repl.eval("local(Duration.ofMillis(20));");
    }

    @AfterEach
    void disconnect() {
        repl.eval("disconnect();");
    }

    private static String workload() {
        return Path.of("..", "examples", "workload.jsonl").toAbsolutePath().normalize().toString().replace("\\", "\\\\");
    }

    private static Repl.Result eval(String source) {
        return repl.eval(source);
    }

    private static int errors() {
        return Integer.parseInt(eval("errorCount()").value());
    }

    // ---- help

    @Test
    void helpListsEveryPublicFunctionWithOneLine() {
        String out = eval("help();").output();
        List<String> names = Arrays.stream(Sference.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).distinct().toList();
        assertTrue(names.size() >= 21, names.toString());
        for (String name : names) {
            assertTrue(Pattern.compile("(?m)^  (\\S+ / )?" + name + "\\(").matcher(out).find(), name + " in\n" + out);
        }
        assertTrue(out.contains("error: ..."), out);
    }

    // ---- connection

    @Test
    void connectWithoutAKeyStartsAnEmbeddedEmulatorAndSaysSo() {
        assumeTrue(System.getenv("SFERENCE_API_KEY") == null, "SFERENCE_API_KEY is set here");
        Repl.Result connected = eval("var c = connect();");
        assertTrue(connected.output().matches(
                "(?s)no SFERENCE_API_KEY set: using an embedded emulator at http://127\\.0\\.0\\.1:\\d+ .* over the jdk transport\\n"),
                connected.output());
        assertEquals("\"jdk\"", eval("c.transportName()").value());
        assertTrue(eval("ask(\"m\", \"hi\")").output().contains("echo: hi"));
    }

    @Test
    void connectWithUrlAndKeyTalksToThatServer() {
        try (SferenceEmulator server = SferenceEmulator.start()) {
            Repl.Result connected = eval("connect(\"" + server.baseUrl() + "\", \"" + server.apiKey() + "\");");
            assertEquals("connected to " + server.baseUrl() + " over the jdk transport\n", connected.output());
            eval("stream(\"over there\");");
            assertTrue(server.requests().stream().anyMatch(r -> r.path().equals("/v1/streams")));
            assertFalse(connected.output().contains(server.apiKey()));
        }
    }

    @Test
    void aWrongKeyPrintsOneLineWithStatusAndDetail() {
        try (SferenceEmulator server = SferenceEmulator.start()) {
            int before = errors();
            eval("connect(\"" + server.baseUrl() + "\", \"sk_wrong\");");
            Repl.Result listed = eval("batches()");
            assertEquals("null", listed.value());
            assertTrue(listed.output().matches("error: HTTP 401 Unauthorized: .+\\n"), listed.output());
            assertFalse(listed.output().contains("sk_wrong"));
            assertEquals(before + 1, errors());
        }
    }

    @Test
    void localStartsAnEmulatorAndDisconnectStopsIt() throws IOException {
        Repl.Result started = eval("var c = local();");
        assertTrue(started.output().startsWith("using an embedded emulator at http://127.0.0.1:"), started.output());
        assertTrue(started.output().contains("200 ms each"), started.output());
        URI url = URI.create(eval("c.baseUrl().toString()").value().replace("\"", ""));
        try (Socket open = new Socket(url.getHost(), url.getPort())) {
            assertTrue(open.isConnected());
        }

        Repl.Result stopped = eval("disconnect();");
        assertEquals("disconnected from " + url + "; the embedded emulator is stopped\n", stopped.output());
        assertThrows(IOException.class, () -> new Socket(url.getHost(), url.getPort()).close());
        assertEquals("not connected\n", eval("disconnect();").output());
    }

    @Test
    void anyFunctionConnectsFirstWhenNotConnected() {
        assumeTrue(System.getenv("SFERENCE_API_KEY") == null, "SFERENCE_API_KEY is set here");
        eval("disconnect();");
        Repl.Result listed = eval("streams()");
        assertTrue(listed.output().startsWith("no SFERENCE_API_KEY set: using an embedded emulator"), listed.output());
        assertTrue(listed.output().endsWith("0 streams\n"), listed.output());
    }

    @Test
    void clientIsTheSdkClientOfTheSession() {
        assertTrue(eval("client()").value().contains("127.0.0.1"));
        assertEquals("0", eval("client().batches().list().size()").value());
    }

    @Test
    void transportsListsWhatIsFoundAndWhichIsInUse() {
        Repl.Result found = eval("transports()");
        assertEquals("[jdk]", found.value());
        assertEquals("  transport  priority  artifact\n  jdk              10  com.sference:sference-transport-jdk  in use\n",
                found.output());
    }

    @Test
    void useRebuildsTheClientOverTheNamedTransport() {
        Repl.Result used = eval("var c = use(\"jdk\");");
        assertTrue(used.output().startsWith("now using the jdk transport to http://127.0.0.1:"), used.output());
        assertEquals("\"jdk\"", eval("c.transportName()").value());
        assertEquals("0", eval("batches().size()").value());
    }

    @Test
    void useOfAMissingTransportPrintsOneErrorAndKeepsTheClient() {
        int before = errors();
        Repl.Result used = eval("use(\"carrier-pigeon\")");
        assertEquals("null", used.value());
        assertTrue(used.output().startsWith("error: No sference transport named \"carrier-pigeon\""), used.output());
        assertEquals(1, used.output().lines().count(), used.output());
        assertEquals(before + 1, errors());
        assertEquals("\"jdk\"", eval("client().transportName()").value());
    }

    // ---- batches

    @Test
    void submitAwaitResultsDownloadOnABatch() throws IOException {
        Repl.Result submitted = eval("var b = submit(" + WORKLOAD + ", \"Qwen/Qwen2.5-7B-Instruct\");");
        assertTrue(submitted.output().matches("batch \\S+: 4 requests, pending\\n"), submitted.output());

        Repl.Result awaited = eval("var done = await(b);");
        assertTrue(awaited.output().contains("\n  completed "), awaited.output());
        assertFalse(awaited.output().contains("\r"), "plain lines when no terminal: " + awaited.output());
        assertTrue(awaited.output().matches("(?s).*batch \\S+ completed after \\d+\\.\\ds: 4 requests, 47 tokens\\n"),
                awaited.output());
        assertEquals("COMPLETED", eval("done.status()").value());

        Repl.Result results = eval("var r = results(done);");
        assertTrue(results.output().contains("  custom_id   status     tokens  text\n"
                + "  capital-fr  completed      13  echo: What is the capital of France?\n"), results.output());
        assertTrue(results.output().contains("  request-4   completed      11  echo: Translate 'good morning' into German.\n"),
                results.output());
        assertEquals("4", eval("r.results().size()").value());

        Path file = dir.resolve("out/results.jsonl");
        Files.createDirectories(file.getParent());
        Repl.Result downloaded = eval("var p = download(done, \"" + file.toString().replace("\\", "\\\\") + "\");");
        assertTrue(downloaded.output().matches("wrote \\d+ bytes of results of batch \\S+ to .*results\\.jsonl\\n"),
                downloaded.output());
        assertEquals(4, Files.readAllLines(file).size());
    }

    @Test
    void batchFunctionsAlsoTakeIds() throws IOException {
        eval("var b = submit(" + WORKLOAD + ", \"m\");");
        eval("String id = b.id();");
        assertEquals("COMPLETED", eval("await(id).status()").value());
        assertTrue(eval("results(id);").output().contains("primes      completed"));
        Path file = dir.resolve("by-id.jsonl");
        assertTrue(eval("download(id, \"" + file.toString().replace("\\", "\\\\") + "\")").value().contains("by-id.jsonl"));
        assertEquals(4, Files.readAllLines(file).size());
        assertTrue(eval("cancel(id);").output().matches("batch \\S+: completed\\n"));
    }

    @Test
    void batchesListsNewestFirstAndCancelStopsOne() {
        eval("local(Duration.ofSeconds(5));");
        eval("var first = submit(" + WORKLOAD + ", \"m\"); var second = submit(" + WORKLOAD + ", \"m\");");
        Repl.Result cancelled = eval("cancel(second)");
        assertTrue(cancelled.output().matches("batch \\S+: cancelled\\n"), cancelled.output());
        assertEquals("CANCELLED", eval("cancel(second).status()").value());

        Repl.Result listed = eval("var all = batches();");
        String second = eval("second.id()").value().replace("\"", "");
        String first = eval("first.id()").value().replace("\"", "");
        assertTrue(listed.output().startsWith("2 batches, newest first\n  id "), listed.output());
        assertTrue(listed.output().indexOf(second) < listed.output().indexOf(first), listed.output());
        assertTrue(listed.output().matches("(?s).*" + second + "  cancelled  +4  +0  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\n.*"),
                listed.output());
        assertEquals("2", eval("all.size()").value());
    }

    @Test
    void resultsOfARunningBatchSayToAwaitIt() {
        eval("local(Duration.ofSeconds(5));");
        Repl.Result results = eval("var r = results(submit(" + WORKLOAD + ", \"m\"));");
        assertTrue(results.output().endsWith("is pending: its results come once it is finished (await it first)\n"),
                results.output());
        assertEquals("false", eval("r.isReady()").value());
    }

    @Test
    void anInvalidWorkloadIsReportedWithItsLineAndNothingIsSent() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"content\": \"fine\"}\n{\"nope\": 1}\n");
        Repl.Result submitted = eval("submit(\"" + bad.toString().replace("\\", "\\\\") + "\", \"m\")");
        assertEquals("null", submitted.value());
        assertTrue(submitted.output().matches("error: .*bad\\.jsonl:2: .+\\n"), submitted.output());
        assertEquals("0", eval("client().batches().list().size()").value());
    }

    @Test
    void anUnknownIdPrintsHttp404WithTheDetailAndNoStackTrace() {
        int before = errors();
        Repl.Result missing = eval("results(\"b_missing\")");
        assertEquals("null", missing.value());
        assertTrue(missing.output().matches("error: HTTP 404 Not Found: .*b_missing.*\\n"), missing.output());
        assertEquals(before + 1, errors());
    }

    @Test
    void aNullFromAFailedCallIsReportedNotThrown() {
        Repl.Result result = eval("await((Batch) null)");
        assertEquals("null", result.value());
        assertEquals("error: no batch given (null; did an earlier call fail?)\n", result.output());
        assertEquals("error: no stream given (null; did an earlier call fail?)\n", eval("tail((Stream) null)").output());
        assertEquals("0", eval("tail((String) null, Duration.ofMillis(1))").value());
    }

    // ---- responses

    @Test
    void askPrintsAndReturnsTheAnswer() {
        Repl.Result asked = eval("ask(\"Qwen/Qwen2.5-7B-Instruct\", \"What is the capital of France?\")");
        assertEquals("\"echo: What is the capital of France?\"", asked.value());
        assertEquals("echo: What is the capital of France?\n", asked.output());
    }

    @Test
    void askOnAFailingModelPrintsAnError() {
        Repl.Result asked = eval("ask(\"sference/fail\", \"hi\")");
        assertEquals("null", asked.value());
        assertTrue(asked.output().matches("error: response resp_\\w+ failed: model_error: .+\\n"), asked.output());
    }

    @Test
    void responsesListsNewestFirst() {
        eval("ask(\"m\", \"one\"); ask(\"other-model\", \"two\");");
        Repl.Result listed = eval("var page = responses();");
        assertTrue(listed.output().startsWith("2 responses, newest first\n  id "), listed.output());
        assertTrue(listed.output().indexOf("other-model") < listed.output().indexOf("  m  "), listed.output());
        assertEquals("2", eval("page.data().size()").value());
    }

    // ---- streams

    @Test
    void streamSendEventsAndStreams() {
        Repl.Result created = eval("var s = stream(\"nightly\");");
        assertTrue(created.output().matches("stream \\S+ \"nightly\": open\\n"), created.output());
        Repl.Result sent = eval("var job = send(s, \"m\", \"first prompt\");");
        assertTrue(sent.output().matches("sent resp_\\w+ to stream \\S+: in_progress\\n"), sent.output());
        eval("var job2 = send(s.id(), \"m\", \"second prompt\");");
        eval("var fast = WaitOptions.of(Duration.ofMillis(10), Duration.ofSeconds(10));");
        eval("client().responses().waitForCompletion(job.id(), fast); client().responses().waitForCompletion(job2.id(), fast);");

        Repl.Result events = eval("var page = events(s);");
        assertTrue(events.output().startsWith("stream ") && events.output().contains(": 2 events, newest first\n"),
                events.output());
        assertTrue(events.output().indexOf("second prompt") < events.output().indexOf("first prompt"), events.output());
        assertTrue(events.output().contains("  completion_id  "), events.output());
        assertEquals("2", eval("page.data().size()").value());
        assertTrue(eval("events(s.id());").output().contains("echo: first prompt"));

        Repl.Result streams = eval("var all = streams();");
        assertTrue(streams.output().startsWith("1 stream, newest first\n"), streams.output());
        assertTrue(streams.output().matches("(?s).*  nightly  open  +2/2  +\\d+  .*"), streams.output());
        assertEquals("1", eval("all.size()").value());
    }

    @Test
    void tailPrintsEventsAsTheyCompleteThenResumesWithNothingRepeated() {
        eval("local(Duration.ofMillis(100));");
        eval("var s = stream(\"live\");");
        eval("for (String p : List.of(\"one\", \"two\", \"three\")) send(s, \"m\", p);");
        Repl.Result first = eval("tail(s, Duration.ofSeconds(1))");
        assertEquals("3", first.value());
        String out = first.output();
        assertTrue(out.startsWith("tail of stream "), out);
        assertTrue(out.contains(" from its newest events, until 1.0s pass without one; Ctrl-C stops it\n"), out);
        assertTrue(out.indexOf("echo: one") < out.indexOf("echo: two") && out.indexOf("echo: two") < out.indexOf("echo: three"),
                out);
        Matcher end = Pattern.compile("tail: 3 new events, nothing new for 1\\.0s; checkpoint (resp_\\w+)\\n$").matcher(out);
        assertTrue(end.find(), out);

        Repl.Result again = eval("tail(s.id(), Duration.ofMillis(300))");
        assertEquals("0", again.value());
        assertTrue(again.output().contains(" after " + end.group(1) + ","), again.output());
        assertTrue(again.output().endsWith("tail: 0 new events, nothing new for 300 ms; checkpoint " + end.group(1) + "\n"),
                again.output());
        assertFalse(again.output().contains("echo:"), again.output());

        eval("send(s, \"m\", \"four\");");
        Repl.Result more = eval("tail(s, Duration.ofMillis(800))");
        assertEquals("1", more.value());
        assertTrue(more.output().contains("echo: four") && !more.output().contains("echo: three"), more.output());
    }

    @Test
    void tailHandsEachEventToAConsumerAndStopsOnceTheStreamIsClosedAndDrained() {
        eval("local(Duration.ofMillis(100));");
        eval("var s = stream(\"consumed\");");
        eval("for (String p : List.of(\"a\", \"b\")) send(s, \"m\", p);");
        // Archived while its jobs still run: the tail goes on until each has its event.
        eval("client().streams().archive(s.id());");
        eval("var seen = new ArrayList<String>();");
        Repl.Result consumed = eval("tail(s, e -> seen.add(e.result().outputText()))");
        assertEquals("2", consumed.value());
        assertEquals("[echo: a, echo: b]", eval("seen").value().replace("\"", ""));
        assertFalse(consumed.output().contains("echo: a"), "the consumer takes events instead of printing");
        assertTrue(consumed.output().matches("(?s)tail of stream .*\ntail: 2 new events, stream archived and drained; "
                + "checkpoint resp_\\w+\n"), consumed.output());

        // Every form without an idle period returns on its own now, repeating nothing.
        assertEquals("0", eval("tail(s)").value());
        assertEquals("0", eval("tail(s.id())").value());
        assertEquals("0", eval("tail(s.id(), e -> seen.add(\"again\"))").value());
        assertEquals("0", eval("tail(s.id(), Duration.ofSeconds(5), null)").value());
        assertEquals("0", eval("tail(s, Duration.ofSeconds(5), null)").value());
        assertEquals("0", eval("tail(s, Duration.ofSeconds(5))").value());
        assertEquals("2", eval("seen.size()").value());
    }

    @Test
    void tailWithConsumerTakesEventsThatArriveWhileItWaits() {
        eval("local(Duration.ofMillis(100));");
        eval("var s = stream(\"later\"); var seen = new ArrayList<StreamEvent>();");
        eval("new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } send(s, \"m\", \"late\"); }).start();");
        Repl.Result tailed = eval("tail(s, Duration.ofSeconds(2), e -> seen.add(e))");
        assertEquals("1", tailed.value());
        assertEquals("\"echo: late\"", eval("seen.get(0).result().outputText()").value());
    }
}
