package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The answers of {@link Faults#answerNext(int, BadAnswer)}, as they arrive over loopback. */
class BadAnswerTest {

    /** One emulator per test, so no slow answer of one test outlives it into the next. */
    @RegisterExtension
    final SferenceEmulatorExtension extension = new SferenceEmulatorExtension();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> get(SferenceEmulator emulator, String path) throws Exception {
        return CLIENT.send(new Http(emulator).request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    private static long contentLength(HttpResponse<?> response) {
        return response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    /** Parses strictly: Gson's JsonParser alone is lenient and takes {@code oops} for a string. */
    private static void parseStrictly(String json) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        JsonParser.parseReader(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("trailing data");
        }
    }

    /** True while some thread is still writing an injected answer. */
    private static boolean answerThreadsRunning() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals("com.sference.testkit.internal.WrongAnswer")));
    }

    @Test
    void invalidJsonIsA200WithABodyThatIsNotJson(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.invalidJson());
        HttpResponse<String> response = get(emulator, "/v1/batches");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        assertEquals("{\"id\": oops}", response.body());
        assertEquals(response.body().length(), contentLength(response));
        assertThrows(JsonParseException.class, () -> parseStrictly(response.body()));
    }

    @Test
    void truncatedJsonIsAnObjectCutInTheMiddleWithAMatchingContentLength(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.truncatedJson());
        HttpResponse<String> response = get(emulator, "/v1/batches/b_1");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        String body = response.body();
        assertEquals(body.length(), contentLength(response), "the HTTP message itself is complete");
        assertTrue(body.startsWith("{\"id\":\"b_fault\",\"status\":\"pending\","), body);
        assertTrue(body.length() > 40, body);
        assertThrows(JsonParseException.class, () -> parseStrictly(body));
        assertEquals(200, get(emulator, "/v1/auth/me").statusCode(), "the connection stays usable");
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 502})
    void htmlPageIsAnErrorPageInTextHtmlWithTheGivenStatus(int status, SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.htmlPage(status));
        HttpResponse<String> response = get(emulator, "/v1/batches");
        assertEquals(status, response.statusCode());
        assertEquals("text/html; charset=utf-8", contentType(response));
        assertTrue(response.body().startsWith("<!DOCTYPE html>"), response.body());
        assertTrue(response.body().contains("<h1>" + status + " "), response.body());
        assertEquals(response.body().length(), contentLength(response));
    }

    @Test
    void emptyBodyIsA200WithContentLengthZero(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.emptyBody());
        HttpResponse<String> response = get(emulator, "/v1/batches");
        assertEquals(200, response.statusCode());
        assertEquals(0, contentLength(response));
        assertEquals("", response.body());
    }

    @Test
    void jsonArrayIsAnArrayWhereAnObjectBelongs(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.jsonArray());
        HttpResponse<String> response = get(emulator, "/v1/batches/b_1");
        assertEquals(200, response.statusCode());
        assertEquals("[1,2,3]", response.body());
    }

    @Test
    void wrongTypesIsAnObjectWhoseFieldsHaveTheWrongTypes(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.wrongTypes());
        HttpResponse<String> response = get(emulator, "/v1/batches/b_1");
        assertEquals(200, response.statusCode());
        JsonObject o = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals(42, o.get("id").getAsInt());
        assertEquals(1, o.getAsJsonObject("status").get("x").getAsInt());
        assertTrue(o.get("created_at").getAsBoolean());
    }

    @Test
    void hugeBodyIsAValidObjectOfExactlyTheGivenSizeSentChunked(SferenceEmulator emulator) throws Exception {
        long size = 20L << 20;
        emulator.faults().answerNext(1, BadAnswer.hugeBody(size));
        HttpResponse<InputStream> response = CLIENT.send(new Http(emulator).request("/v1/batches/b_1").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("application/json", contentType(response));
        assertEquals(-1, contentLength(response), "no Content-Length: only counting can stop early");
        byte[] head = new byte[26];
        byte[] last = new byte[2];
        long count = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                for (int i = 0; i < n; i++, count++) {
                    if (count < head.length) {
                        head[(int) count] = buffer[i];
                    }
                    last[0] = last[1];
                    last[1] = buffer[i];
                }
            }
        }
        assertEquals(size, count);
        assertEquals("{\"id\":\"b_huge\",\"padding\":\"", new String(head, StandardCharsets.US_ASCII));
        assertEquals("x\"}", "x" + new String(last, StandardCharsets.US_ASCII));
    }

    @Test
    void theSmallestHugeBodyIsStillValidJson(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.hugeBody(28));
        HttpResponse<String> response = get(emulator, "/v1/batches/b_1");
        assertEquals("{\"id\":\"b_huge\",\"padding\":\"\"}", response.body());
    }

    @Test
    void hugeBodyStopsBeingWrittenWhenTheClientLeaves(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.hugeBody(1L << 40));
        try (RawHttp raw = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null)) {
            assertEquals(200, raw.status());
            assertEquals("chunked", raw.header("transfer-encoding"));
            assertEquals(1 << 20, raw.readFor(Duration.ofSeconds(10), 1 << 20).length);
        }
        Http.await("the writer of the huge body to stop", Duration.ofSeconds(10), () -> !answerThreadsRunning());
        assertEquals(200, get(emulator, "/v1/auth/me").statusCode());
    }

    @Test
    void endlessBodyTricklesSpacesUntilTheClientLeaves(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.endlessBody());
        try (RawHttp raw = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null)) {
            assertEquals(200, raw.status());
            assertEquals("application/json", raw.header("content-type"));
            assertEquals("chunked", raw.header("transfer-encoding"));
            assertEquals(null, raw.header("content-length"));
            String chunks = new String(raw.readFor(Duration.ofMillis(1500), 1 << 16), StandardCharsets.US_ASCII);
            assertTrue(chunks.length() >= 3 * "1\r\n \r\n".length(), "a few spaces in 1.5 s: " + chunks.length());
            assertEquals("", chunks.replace("1\r\n \r\n", ""), "one-space chunks only, no last chunk");
        }
        Http.await("the endless writer to notice the client left", Duration.ofSeconds(10),
                () -> !answerThreadsRunning());
    }

    @Test
    void endlessBodyEndsAtItsLimitByClosingTheConnectionWithoutALastChunk(SferenceEmulator emulator)
            throws Exception {
        emulator.faults().answerNext(1, BadAnswer.endlessBody(Duration.ofMillis(600)));
        long start = System.nanoTime();
        try (RawHttp raw = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null)) {
            RawHttp.Ended ended = raw.readToEnd(Duration.ofSeconds(10));
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(elapsedMs >= 550, "ended after " + elapsedMs + " ms");
            assertTrue(ended.text().startsWith("1\r\n \r\n"), ended.text());
            assertFalse(ended.text().contains("0\r\n\r\n"), "no last chunk: " + ended.text());
        }
    }

    @Test
    void stalledBodySendsHalfTheDeclaredLengthThenSilenceThenCloses(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.stalledBody(Duration.ofMillis(1500)));
        try (RawHttp raw = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null)) {
            assertEquals(200, raw.status());
            int declared = Integer.parseInt(raw.header("content-length"));
            byte[] first = raw.readFor(Duration.ofMillis(500), declared);
            assertEquals(declared / 2, first.length);
            assertTrue(new String(first, StandardCharsets.US_ASCII).startsWith("{\"id\":\"b_fault\""));
            RawHttp.Ended ended = raw.readToEnd(Duration.ofSeconds(10));
            assertEquals(0, ended.bytes().length, "nothing after the stall, then the connection closes");
        }
    }

    @Test
    void stalledBodyKeepsAJdkClientWaitingForTheRest(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.stalledBody(Duration.ofSeconds(30)));
        HttpResponse<InputStream> response = CLIENT.send(new Http(emulator).request("/v1/batches/b_1").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = response.body()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(700);
        assertFalse(rest.isDone(), "still waiting for the rest of the body");
        emulator.close();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> rest.get(10, TimeUnit.SECONDS), "closing the emulator cuts the stalled body");
        assertTrue(e.getCause() instanceof java.io.UncheckedIOException, e.getCause().toString());
    }

    @Test
    void cutBodyDeclaresMoreThanItSendsThenClosesTheConnection(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.cutBody());
        try (RawHttp raw = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null)) {
            assertEquals(200, raw.status());
            int declared = Integer.parseInt(raw.header("content-length"));
            RawHttp.Ended ended = raw.readToEnd(Duration.ofSeconds(10));
            assertEquals(declared / 2, ended.bytes().length, ended.text());
            assertTrue(ended.text().startsWith("{\"id\":\"b_fault\""));
        }
    }

    @Test
    void cutBodyIsAnIoErrorForTheJdkClient(SferenceEmulator emulator) {
        emulator.faults().answerNext(1, BadAnswer.cutBody());
        assertThrows(IOException.class, () -> get(emulator, "/v1/batches/b_1"));
    }

    @Test
    void redirectIsA302WithTheLocationAndAnEmptyBody(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.redirect("http://elsewhere.invalid/v1/batches"));
        HttpResponse<String> response = get(emulator, "/v1/batches");
        assertEquals(302, response.statusCode());
        assertEquals("http://elsewhere.invalid/v1/batches", response.headers().firstValue("Location").orElseThrow());
        assertEquals(0, contentLength(response));
        assertEquals("", response.body());
    }

    @Test
    void answersReplaceHandlingSoNothingIsCreatedAndTheRequestIsRecorded(SferenceEmulator emulator) {
        Http http = new Http(emulator);
        String batch = BatchesTest.batch(BatchesTest.request("a", "m", "x")).toString();
        emulator.clearRequests();
        emulator.faults().on("POST", "/v1/batches").answerNext(2, BadAnswer.invalidJson());
        assertEquals(2, emulator.faults().pending());
        for (int i = 0; i < 2; i++) {
            Http.Res res = http.post("/v1/batches", batch);
            assertEquals("{\"id\": oops}", res.body());
        }
        assertEquals(0, emulator.faults().pending());
        assertEquals(0, http.get("/v1/batches").array("items").size(), "nothing created");
        assertEquals(200, http.post("/v1/batches", batch).status(), "then handled again");
        List<RecordedRequest> requests = emulator.requests();
        assertEquals(4, requests.size());
        assertEquals("POST", requests.get(0).method());
        assertEquals(batch.length(), requests.get(0).bodySize(), "the body was read and counted");
    }

    @Test
    void closingTheEmulatorEndsEverySlowAnswerPromptly(SferenceEmulator emulator) throws Exception {
        emulator.faults().answerNext(1, BadAnswer.endlessBody())
                .answerNext(1, BadAnswer.stalledBody())
                .answerNext(1, BadAnswer.hugeBody(1L << 40));
        RawHttp endless = RawHttp.exchange(emulator, "GET", "/v1/batches/b_1", null);
        RawHttp stalled = RawHttp.exchange(emulator, "GET", "/v1/batches/b_2", null);
        RawHttp huge = RawHttp.exchange(emulator, "GET", "/v1/batches/b_3", null);
        try (endless; stalled; huge) {
            assertEquals("chunked", endless.header("transfer-encoding"));
            assertNotEquals(null, stalled.header("content-length"));
            assertEquals("chunked", huge.header("transfer-encoding"));
            assertTrue(answerThreadsRunning());
            long start = System.nanoTime();
            emulator.close();
            long closeMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(closeMs < 3000, "close took " + closeMs + " ms");
            endless.readToEnd(Duration.ofSeconds(5));
            stalled.readToEnd(Duration.ofSeconds(5));
            huge.readToEnd(Duration.ofSeconds(30)); // what was in flight, then the end
        }
        Http.await("every answer thread to end", Duration.ofSeconds(5), () -> !answerThreadsRunning());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.htmlPage(199));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.htmlPage(600));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.hugeBody(27));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.endlessBody(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.stalledBody(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.stalledBody(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.redirect(""));
        assertThrows(IllegalArgumentException.class, () -> BadAnswer.redirect("http://a/\r\nX-Evil: 1"));
        assertThrows(NullPointerException.class, () -> BadAnswer.redirect(null));
        assertThrows(NullPointerException.class, () -> BadAnswer.endlessBody(null));
    }

    @Test
    void answersAreValuesThatNameThemselves() {
        assertEquals(BadAnswer.htmlPage(502), BadAnswer.htmlPage(502));
        assertNotEquals(BadAnswer.htmlPage(502), BadAnswer.htmlPage(200));
        assertEquals(BadAnswer.hugeBody(100).hashCode(), BadAnswer.hugeBody(100).hashCode());
        assertEquals("BadAnswer[truncated JSON]", BadAnswer.truncatedJson().toString());
        assertEquals("BadAnswer[302 to /x]", BadAnswer.redirect("/x").toString());
        assertEquals(302, BadAnswer.redirect("/x").status());
        assertEquals(502, BadAnswer.htmlPage(502).status());
        assertEquals(200, BadAnswer.cutBody().status());
        assertArrayEquals(new int[] {200, 200}, new int[] {BadAnswer.emptyBody().status(),
            BadAnswer.endlessBody().status()});
    }
}
