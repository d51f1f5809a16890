package com.sference.testkit.tck;

import static com.sference.testkit.tck.Calls.assertNamesTheExchange;
import static com.sference.testkit.tck.Calls.json;
import static com.sference.testkit.tck.Calls.outputText;
import static com.sference.testkit.tck.Calls.responseRequest;
import static com.sference.testkit.tck.Calls.text;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.sference.RequestTimeoutException;
import com.sference.SferenceClient;
import com.sference.TransportException;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.RecordedRequest;
import com.sference.testkit.SferenceEmulator;
import com.sference.transport.RequestBody;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link Transport} meets, as one JUnit 5 suite that each transport module
 * runs by extending this class and supplying {@link #createTransport(TransportConfig)}.
 *
 * <pre>{@code
 * class VertxTransportContractTest extends TransportContractTest {
 *     @Override
 *     protected Transport createTransport(TransportConfig config) {
 *         return new VertxTransportProvider().create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>The cases talk to a {@link SferenceEmulator}, for what a real server shows (every method
 * the SDK uses, error statuses, UTF-8 bodies, 64 calls at once), and to a raw
 * {@link LoopbackServer}, for what it cannot: connection counts, exact framing, held, cut and
 * dropped responses, huge headers. Both run on {@code 127.0.0.1}; the suite starts and stops
 * them. Almost every case runs twice, once per {@link Mode}: through the blocking
 * {@link Transport#execute} and through {@link Transport#send}; the case of
 * {@code cancel(true)} and {@code cancel(false)} runs once per argument instead, and the case
 * of cancelling a client's call once with the SDK's request log on and once with it off. The
 * suite's 92 cases take about 25 seconds (with the {@code jdk} transport, on two busy cores), most of it in
 * the cases that wait for a real read, upload or response timeout of a second or so; a case that
 * hangs fails after 60.
 *
 * <p>Timeouts, as the cases pin them down: {@link TransportRequest#timeout()} bounds the wait for
 * the response head once the request is sent (not the upload, nor the body);
 * {@link TransportRequest#readTimeout()} bounds each silence after that, while a reader waits
 * for the next bytes of the body ({@link IOException}) and while the server takes none of the
 * request body ({@link RequestTimeoutException}). A bound is checked as the timeout plus 2
 * seconds. {@link TransportException#retryable()} is checked for every failure the
 * {@link Transport} javadoc classifies.
 *
 * <p>Each public method is one case; its Javadoc states the rule it checks. A transport whose
 * library genuinely cannot meet a rule may override that method with {@code @Disabled("the
 * reason")} and the same {@code @ParameterizedTest} annotations, so that the gap shows in every
 * report; no transport of this SDK does.
 *
 * @since 0.1
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TransportContractTest {

    private static final Duration WAIT = Calls.WAIT;
    private static final String JSON = RequestBody.JSON;
    /** The read timeout of the stall cases, and their response timeout, longer on purpose. */
    private static final Duration STALL_READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
    /** How many body bytes arrive before a body stalls midway. */
    private static final int STALL_SENT = 100;

    private SferenceEmulator emulator;
    private LoopbackServer server;
    private final List<Transport> transports = new ArrayList<>();
    private Transport transport;

    /** Creates the suite; subclasses have a no-argument constructor, as JUnit requires. */
    protected TransportContractTest() {}

    /**
     * Creates the transport under test. Called once per case, and again in the cases that need
     * another configuration; the suite closes every transport it was given.
     *
     * <p>The suite passes {@link TransportConfig#defaults()}, or defaults with only
     * {@link TransportConfig#connectTimeout()} or {@link TransportConfig#maxConnections()}
     * changed; it never sets a proxy, executor or native client.
     *
     * @param config the configuration to honour
     * @return a new transport
     */
    protected abstract Transport createTransport(TransportConfig config);

    /**
     * How a case calls the transport: every case runs once in each mode.
     *
     * @since 0.1
     */
    public enum Mode {
        /** Through {@link Transport#execute}, which blocks and throws {@link TransportException}. */
        BLOCKING,
        /** Through {@link Transport#send}, whose future completes with the response or the failure. */
        ASYNC
    }

    // ---------------------------------------------------------------- lifecycle

    @BeforeAll
    void startContractEmulator() {
        emulator = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(Duration.ZERO).build());
    }

    @AfterAll
    void stopContractEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void startContractServer() {
        server = LoopbackServer.start();
        transport = null;
    }

    @AfterEach
    void closeContractTransportsAndServer() {
        try {
            for (Transport t : transports) {
                t.close();
            }
        } finally {
            transports.clear();
            server.close();
            emulator.faults().reset();
        }
    }

    // ---------------------------------------------------------------- against the emulator

    /**
     * Sends {@code POST}, {@code PATCH}, {@code GET} and {@code DELETE}, the methods the SDK
     * uses, to the emulator's endpoints, with JSON bodies on {@code POST} and {@code PATCH}
     * only, and gets each answer.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void sendsEveryMethodTheSdkUsesToTheEmulator(Mode mode) throws Exception {
        int before = emulator.requests().size();
        String streamJson = "{\"name\":\"tck-" + mode + "\",\"window\":\"24h\"}";
        JsonObject stream = json(call(mode, api("POST", "/v1/streams").body(RequestBody.ofString(streamJson))), 200);
        String streamId = stream.get("id").getAsString();
        JsonObject patched = json(call(mode, api("PATCH", "/v1/streams/" + streamId)
                .body(RequestBody.ofString("{\"status\":\"archived\"}"))), 200);
        assertEquals("archived", patched.get("status").getAsString());
        JsonObject got = json(call(mode, api("GET", "/v1/streams/" + streamId)), 200);
        assertEquals("archived", got.get("status").getAsString());
        String responseJson = responseRequest("hi");
        String responseId = json(call(mode, api("POST", "/v1/responses").body(RequestBody.ofString(responseJson))), 200)
                .get("id").getAsString();
        json(call(mode, api("DELETE", "/v1/responses/" + responseId)), 200);

        List<RecordedRequest> seen = emulator.requests().subList(before, emulator.requests().size());
        assertEquals(List.of("POST /v1/streams", "PATCH /v1/streams/" + streamId, "GET /v1/streams/" + streamId,
                        "POST /v1/responses", "DELETE /v1/responses/" + responseId),
                seen.stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals(streamJson.length(), seen.get(0).bodySize());
        assertEquals(Optional.of(JSON), seen.get(0).header("content-type"));
        assertEquals(Optional.of(JSON), seen.get(1).header("content-type"));
        assertEquals(0, seen.get(2).bodySize());
        assertEquals(Optional.empty(), seen.get(2).header("content-type"));
        assertEquals(responseJson.length(), seen.get(3).bodySize());
        assertEquals(0, seen.get(4).bodySize());
        assertEquals(Optional.empty(), seen.get(4).header("content-type"));
    }

    /**
     * Hands the emulator's error answers (401, 404, 405, 422 and a 429 with {@code Retry-After})
     * back as responses with their headers and JSON bodies, never as failures.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void returnsTheEmulatorsErrorAnswersAsResponses(Mode mode) throws Exception {
        TransportRequest anonymous = TransportRequest.newBuilder("GET", emulator.uri().resolve("/v1/auth/me")).build();
        assertTrue(json(call(mode, anonymous), 401).has("detail"));
        assertTrue(json(call(mode, api("GET", "/v1/nowhere")), 404).has("detail"));
        try (TransportResponse response = call(mode, api("DELETE", "/v1/streams").build())) {
            assertEquals(405, response.status());
            assertTrue(response.header("allow").orElseThrow().contains("GET"), response.headers().toString());
            text(response);
        }
        JsonObject invalid = json(call(mode, api("POST", "/v1/responses").body(RequestBody.ofString("{}"))), 422);
        assertTrue(invalid.toString().contains("Field required"), invalid.toString());
        emulator.faults().on("GET", "/v1/auth/me").failNext(1, 429, Duration.ofSeconds(2));
        try (TransportResponse response = call(mode, api("GET", "/v1/auth/me").build())) {
            assertEquals(429, response.status());
            assertEquals(Optional.of("2"), response.header("Retry-After"));
            assertTrue(text(response).contains("detail"));
        }
    }

    /**
     * Sends a UTF-8 JSON body (accents, CJK, an emoji outside the BMP) to the emulator and reads
     * its UTF-8 answer back intact.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void sendsAndReceivesUtf8BodiesThroughTheEmulator(Mode mode) throws Exception {
        String words = "héllo wörld ✓ 日本語 🚀";
        String request = responseRequest(words);
        int before = emulator.requests().size();
        JsonObject answer = json(call(mode, api("POST", "/v1/responses").body(RequestBody.ofString(request))), 200);

        assertEquals("echo: " + words, answer.getAsJsonArray("output").get(0).getAsJsonObject().get("text").getAsString());
        assertEquals(request.getBytes(UTF_8).length, emulator.requests().get(before).bodySize());
    }

    /**
     * Runs 64 calls at once against the emulator, each with its own body, and gets every answer
     * right: no call sees another's response, none fails or waits for a connection forever.
     *
     * @param mode blocking (64 threads) or async (64 futures from one thread)
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void completes64ConcurrentCallsEachWithItsOwnAnswer(Mode mode) throws Exception {
        int calls = 64;
        Transport shared = transport();
        List<TransportRequest> requests = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            requests.add(api("POST", "/v1/responses").body(RequestBody.ofString(responseRequest("call " + i))).build());
        }
        List<String> answers = new ArrayList<>();
        if (mode == Mode.ASYNC) {
            List<CompletableFuture<TransportResponse>> futures = new ArrayList<>();
            for (TransportRequest request : requests) {
                futures.add(shared.send(request));
            }
            for (int i = 0; i < calls; i++) {
                try (TransportResponse response = Calls.await(futures.get(i), requests.get(i))) {
                    answers.add(outputText(response));
                }
            }
        } else {
            ExecutorService threads = Executors.newFixedThreadPool(calls);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (TransportRequest request : requests) {
                    results.add(threads.submit(() -> {
                        start.await();
                        try (TransportResponse response = shared.execute(request)) {
                            return outputText(response);
                        }
                    }));
                }
                start.countDown();
                for (Future<String> result : results) {
                    answers.add(result.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
        }
        for (int i = 0; i < calls; i++) {
            assertEquals("echo: call " + i, answers.get(i));
        }
    }

    // ---------------------------------------------------------------- requests, on the raw server

    /**
     * Sends each of {@code GET}, {@code POST}, {@code PATCH} and {@code DELETE} as HTTP/1.1 with
     * the request target exactly as given (percent-encoding kept), the {@code Host} of the URI,
     * and every header the caller set.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void sendsMethodTargetAndHeadersAsGiven(Mode mode) throws Exception {
        for (String method : List.of("GET", "POST", "PATCH", "DELETE")) {
            boolean withBody = method.equals("POST") || method.equals("PATCH");
            TransportRequest.Builder request = TransportRequest.newBuilder(method,
                            server.uri("/v1/batches/b_1?after=a%20b&limit=2"))
                    .header("Authorization", "Bearer sk_tck")
                    .header("Idempotency-Key", "idem-" + method)
                    .header("User-Agent", "sference-java/tck");
            if (withBody) {
                request.body(RequestBody.ofString("{\"m\":\"" + method + "\"}"));
            }
            call(mode, request.build()).close();

            LoopbackServer.Received seen = server.takeRequest();
            assertEquals(method, seen.method());
            assertEquals("/v1/batches/b_1?after=a%20b&limit=2", seen.target());
            assertEquals("HTTP/1.1", seen.protocol());
            assertEquals(Optional.of("127.0.0.1:" + server.port()), seen.header("host"));
            assertEquals(Optional.of("Bearer sk_tck"), seen.header("authorization"));
            assertEquals(Optional.of("idem-" + method), seen.header("idempotency-key"));
            assertEquals(Optional.of("sference-java/tck"), seen.header("user-agent"));
            assertEquals(withBody ? "{\"m\":\"" + method + "\"}" : "", seen.bodyText());
            assertEquals(withBody ? Optional.of(JSON) : Optional.empty(), seen.header("content-type"));
        }
    }

    /** {@return mode, size and whether the length is known: every case of the body sizes} */
    static Stream<Arguments> bodySizes() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (long size : new long[] {0, 1, 8 * 1024 - 1, 8 * 1024, 8 * 1024 + 1, 10L * 1024 * 1024 + 13}) {
                for (boolean knownLength : new boolean[] {true, false}) {
                    cases.add(Arguments.of(mode, size, knownLength));
                }
            }
        }
        return cases.stream();
    }

    /**
     * Streams a body of 0 B, 1 B, 8 KiB - 1, 8 KiB, 8 KiB + 1 or 10 MiB + 13 with exactly its
     * bytes: a known length as {@code Content-Length} and no {@code Transfer-Encoding}, an
     * unknown one as {@code Transfer-Encoding: chunked} and no {@code Content-Length}; the body's
     * {@code Content-Type} is sent, and the body is opened once (an empty one perhaps never).
     *
     * @param mode blocking or async
     * @param size the body's length in bytes
     * @param knownLength whether the body declares its length
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}, {1} bytes, known length: {2}")
    @MethodSource("bodySizes")
    public void sendsBodyOfEverySizeWithItsFraming(Mode mode, long size, boolean knownLength) throws Exception {
        GeneratedBody body = GeneratedBody.of(size, knownLength, false);
        try (TransportResponse response = call(mode, TransportRequest.newBuilder("POST", server.uri("/upload"))
                .body(body.body()).build())) {
            assertEquals(200, response.status());
            text(response);
        }

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(size, seen.bodySize());
        assertEquals(body.crc32(), seen.bodyCrc32(), "the bytes received differ from the bytes of the body");
        if (knownLength) {
            assertEquals(Optional.of(String.valueOf(size)), seen.header("content-length"));
            assertEquals(Optional.empty(), seen.header("transfer-encoding"));
        } else {
            assertEquals(Optional.of("chunked"), seen.header("transfer-encoding").map(v -> v.toLowerCase()));
            assertEquals(Optional.empty(), seen.header("content-length"));
        }
        assertEquals(Optional.of("application/octet-stream"), seen.header("content-type"));
        assertTrue(body.opens() <= 1, "the body was opened " + body.opens() + " times");
    }

    /**
     * Sends a body while its source is still producing it: the server receives the first bytes
     * before the rest exist, so a transport never buffers a whole body (a workload of a million
     * lines goes out in bounded memory), whether its length is known or not.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void streamsRequestBodyWhileItIsStillBeingProduced(Mode mode) throws Exception {
        int half = 256 * 1024;
        for (boolean knownLength : new boolean[] {true, false}) {
            long before = server.bodyBytesReceived();
            AtomicReference<String> problem = new AtomicReference<>();
            RequestBody body = RequestBody.ofStream("application/octet-stream",
                    knownLength ? OptionalLong.of(2L * half) : OptionalLong.empty(), false,
                    () -> new BodySources.WaitingStream(half, () -> server.bodyBytesReceived() > before, problem));

            try (TransportResponse response = call(mode, TransportRequest.newBuilder("POST", server.uri("/upload"))
                    .body(body).build())) {
                assertEquals(200, response.status(), String.valueOf(problem.get()));
                text(response);
            } catch (ExecutionException | TransportException e) {
                throw new AssertionError(problem.get() != null ? problem.get() : "the upload failed", e);
            }
            assertNull(problem.get());
            assertEquals(2L * half, server.takeRequest().bodySize());
        }
    }

    /**
     * Takes {@code Content-Length}, {@code Transfer-Encoding} and {@code Content-Type} from the
     * body, whatever headers of those names the caller set, so the framing never contradicts
     * the bytes.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void takesFramingAndContentTypeFromTheBody(Mode mode) throws Exception {
        call(mode, TransportRequest.newBuilder("POST", server.uri("/upload"))
                .header("Content-Length", "999")
                .header("Transfer-Encoding", "chunked")
                .header("Content-Type", "text/plain")
                .body(RequestBody.ofString("{}"))
                .build()).close();

        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(Optional.of("2"), seen.header("content-length"));
        assertEquals(Optional.empty(), seen.header("transfer-encoding"));
        assertEquals(List.of(JSON), seen.headers().get("content-type"));
        assertEquals("{}", seen.bodyText());
    }

    /**
     * Sends a request header of 16 KiB and receives a response header of 32 KiB plus 100 more
     * headers, all intact.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void sendsAndReceivesLargeHeaders(Mode mode) throws Exception {
        String large = "t".repeat(16 * 1024);
        String larger = "r".repeat(32 * 1024);
        server.handle("/large", exchange -> {
            List<String> headers = new ArrayList<>(List.of("X-Large", larger, "Content-Length", "2"));
            for (int i = 0; i < 100; i++) {
                headers.add("X-Many-" + i);
                headers.add("value-" + i);
            }
            exchange.writeHead(200, headers.toArray(new String[0]));
            exchange.write("ok".getBytes(US_ASCII));
        });

        try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/large"))
                .header("X-Large", large).build())) {
            assertEquals(200, response.status());
            assertEquals(Optional.of(larger), response.header("x-large"));
            for (int i = 0; i < 100; i++) {
                assertEquals(Optional.of("value-" + i), response.header("x-many-" + i));
            }
            assertEquals("ok", text(response));
        }
        assertEquals(Optional.of(large), server.takeRequest().header("x-large"));
    }

    /**
     * Refuses a request header value that is not printable ASCII (a non-ASCII character, or a
     * CR LF that would inject a header) with a {@link TransportException} that names the header
     * but not its value and is not retryable, and sends nothing: never a value silently
     * re-encoded or cut.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void refusesNonAsciiOrMultiLineHeaderValuesWithoutSendingThem(Mode mode) throws Exception {
        for (String value : List.of("sk-sécret", "sk-秘密", "sk-secret\r\nX-Injected: 1")) {
            TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/echo"))
                    .header("X-Api-Key", value).build();

            TransportException e = assertInstanceOf(TransportException.class, failure(mode, request));

            assertTrue(e.getMessage().toLowerCase().contains("x-api-key"), e.getMessage());
            assertFalse(e.retryable(), "a refused header fails the same way every time: " + e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("cret"), "the value leaked: " + t);
                assertFalse(String.valueOf(t.getMessage()).contains("秘密"), "the value leaked: " + t);
            }
        }
        call(mode, TransportRequest.newBuilder("GET", server.uri("/after")).build()).close();
        assertEquals("/after", server.takeRequest().path(), "a refused request reached the server");
    }

    // ---------------------------------------------------------------- responses, on the raw server

    /**
     * Returns every status as a response with its headers and body, never as a failure: 2xx
     * (including a {@code 204} without a body), 3xx (redirects are not followed), 4xx and 5xx.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void returnsEveryStatusAsAResponse(Mode mode) throws Exception {
        server.handle("/status", exchange -> {
            int status = Integer.parseInt(exchange.request().target().replaceAll(".*status=", ""));
            if (status == 204) {
                exchange.respond(204, new byte[0], "X-Status", "204");
            } else {
                exchange.respond(status, ("status " + status).getBytes(US_ASCII),
                        "X-Status", String.valueOf(status), "Location", "/echo");
            }
        });
        for (int status : new int[] {200, 201, 202, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 422, 429,
                500, 502, 503, 504}) {
            try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/status?status=" + status))
                    .build())) {
                assertEquals(status, response.status());
                assertEquals(Optional.of(String.valueOf(status)), response.header("x-status"));
                assertEquals(status == 204 ? "" : "status " + status, text(response));
            }
        }
        assertTrue(server.requests().stream().noneMatch(r -> r.path().equals("/echo")), "a redirect was followed");
    }

    /**
     * Reads error bodies of 2 MiB in full, with {@code Content-Length} and chunked.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void readsLargeErrorBodiesInFull(Mode mode) throws Exception {
        byte[] large = new byte[2 * 1024 * 1024];
        try (InputStream in = new GeneratedBody.Stream(large.length)) {
            assertEquals(large.length, in.readNBytes(large, 0, large.length));
        }
        server.handle("/500", exchange -> exchange.respond(500, large, "Content-Type", "text/plain"));
        server.handle("/422", exchange -> {
            exchange.writeHead(422, "Transfer-Encoding", "chunked", "Content-Type", "text/plain");
            for (int offset = 0; offset < large.length; offset += 100_000) {
                exchange.writeChunk(Arrays.copyOfRange(large, offset, Math.min(large.length, offset + 100_000)));
            }
            exchange.endChunks();
        });

        for (String status : List.of("500", "422")) {
            try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/" + status)).build())) {
                assertEquals(Integer.parseInt(status), response.status());
                assertArrayEquals(large, response.body().readAllBytes());
            }
        }
    }

    /**
     * Hands back response headers under lower-case names with every value in order, in an
     * unmodifiable map, finds them in any case, and lets a response be closed twice.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void keepsEveryResponseHeaderValueUnderLowerCaseNames(Mode mode) throws Exception {
        server.handle("/headers", exchange -> exchange.respond(200, new byte[0],
                "X-Request-Id", "req_1", "X-Multi", "a", "X-Multi", "b", "X-MiXeD-Case", "v"));

        TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/headers")).build());
        try {
            assertEquals(List.of("req_1"), response.headers().get("x-request-id"));
            assertEquals(List.of("a", "b"), response.headers().get("x-multi"));
            assertEquals(List.of("v"), response.headers().get("x-mixed-case"));
            assertEquals(Optional.of("req_1"), response.header("X-REQUEST-ID"));
            assertTrue(response.headers().keySet().stream().allMatch(name -> name.equals(name.toLowerCase())),
                    response.headers().keySet().toString());
            assertThrows(UnsupportedOperationException.class, () -> response.headers().put("x", List.of()));
            assertEquals("", text(response));
        } finally {
            response.close();
            response.close();
        }
    }

    /**
     * Keeps the bytes of a response header that carries UTF-8 (not ASCII) unchanged, one
     * character per byte as HTTP/1.1 defines (ISO-8859-1), so a caller can decode them, and reads
     * a UTF-8 body intact.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void keepsUtf8ResponseHeaderBytesAndBody(Mode mode) throws Exception {
        String words = "héllo ✓ 日本語 🚀";
        String wire = new String(words.getBytes(UTF_8), ISO_8859_1);
        server.handle("/utf8", exchange -> exchange.respond(200, words.getBytes(UTF_8),
                "Content-Type", "text/plain; charset=utf-8", "X-Words", wire));

        try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/utf8")).build())) {
            assertEquals(Optional.of(wire), response.header("x-words"));
            assertEquals(words, new String(response.header("x-words").orElseThrow().getBytes(ISO_8859_1), UTF_8));
            assertEquals(words, text(response));
        }
    }

    /**
     * Hands the response over as soon as its headers arrive and streams its body: the caller
     * reads the first part while the server still holds the rest, with {@code Content-Length}
     * and chunked.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void streamsResponseBodyBeforeTheServerHasWrittenIt(Mode mode) throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            CountDownLatch firstPartRead = new CountDownLatch(1);
            server.handle("/stream", exchange -> {
                byte[] first = "first\n".getBytes(US_ASCII);
                byte[] second = "second\n".getBytes(US_ASCII);
                if (chunked) {
                    exchange.writeHead(200, "Transfer-Encoding", "chunked");
                    exchange.writeChunk(first);
                } else {
                    exchange.writeHead(200, "Content-Length", String.valueOf(first.length + second.length));
                    exchange.write(first);
                }
                if (!firstPartRead.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    exchange.closeConnection(); // the client never got the first part: fail its read
                    return;
                }
                if (chunked) {
                    exchange.writeChunk(second);
                    exchange.endChunks();
                } else {
                    exchange.write(second);
                }
            });

            try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri("/stream")).build())) {
                InputStream body = response.body();
                assertEquals("first\n", new String(body.readNBytes(6), US_ASCII), "chunked: " + chunked);
                firstPartRead.countDown();
                assertEquals("second\n", new String(body.readAllBytes(), US_ASCII), "chunked: " + chunked);
            }
        }
    }

    // ---------------------------------------------------------------- connections

    /**
     * Reuses one connection for sequential calls whose bodies were read to the end and closed:
     * a {@code GET} with {@code Content-Length}, a {@code POST} with a body, a chunked answer and
     * a {@code 204}.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void reusesTheConnectionAfterABodyWasReadAndClosed(Mode mode) throws Exception {
        server.handle("/chunked", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            exchange.writeChunk("three".getBytes(US_ASCII));
            exchange.endChunks();
        });
        server.handle("/empty", exchange -> exchange.respond(204, new byte[0]));
        Transport single = transport(TransportConfig.builder().maxConnections(1).build());

        try (TransportResponse response = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals("", text(response));
        }
        try (TransportResponse response = Calls.call(single, mode, TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(RequestBody.ofString("two")).build())) {
            assertEquals("two", text(response));
        }
        try (TransportResponse response = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/chunked")).build())) {
            assertEquals("three", text(response));
        }
        try (TransportResponse response = Calls.call(single, mode, TransportRequest.newBuilder("DELETE", server.uri("/empty")).build())) {
            assertEquals(204, response.status());
            assertEquals("", text(response));
        }
        try (TransportResponse response = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, response.status());
            text(response);
        }

        assertEquals(List.of(1, 1, 1, 1, 1), server.requests().stream().map(LoopbackServer.Received::connection).toList(),
                "connection of each request");
        assertEquals(1, server.connections());
    }

    /**
     * Closes the connection of a response closed before its body was read to the end, and sends
     * the next call, with a pool of one connection, on a new connection that works.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void neverReusesTheConnectionOfAnAbortedResponse(Mode mode) throws Exception {
        server.handle("/big", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(1024 * 1024));
            exchange.write(new byte[16 * 1024]);
            exchange.holdUntilClientCloses(WAIT); // the rest never comes: draining cannot save the connection
        });
        Transport single = transport(TransportConfig.builder().maxConnections(1).build());

        TransportResponse aborted = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/big")).build());
        assertEquals(10, aborted.body().readNBytes(10).length);
        aborted.close();

        assertTrue(server.awaitClientClose(1, WAIT), "the aborted response's connection was not closed");
        try (TransportResponse next = Calls.call(single, mode, TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(RequestBody.ofString("next")).build())) {
            assertEquals("next", text(next));
        }
        assertEquals(1, server.takeRequest().connection());
        assertEquals(2, server.takeRequest().connection(), "the next call reused the aborted connection");
        assertEquals(2, server.connections());
    }

    /**
     * Fails with a retryable {@link RequestTimeoutException} when the connect does not complete
     * within the configured connect timeout, the server never accepting it.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithRequestTimeoutWhenTheConnectTimesOut(Mode mode) throws Exception {
        try (FullBacklog unanswered = FullBacklog.open()) {
            assumeTrue(unanswered.isFull(), "this machine answers every loopback connect, so none can time out");
            Transport quick = transport(TransportConfig.builder().connectTimeout(Duration.ofMillis(300)).build());
            // A response timeout longer than the check below: a connect that succeeded would time out too late.
            TransportRequest request = TransportRequest.newBuilder("GET", unanswered.uri("/v1/batches"))
                    .timeout(Duration.ofSeconds(8)).build();

            long start = System.nanoTime();
            RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, Calls.failure(quick, mode, request));

            assertNamesTheExchange(e, request);
            assertTrue(e.retryable(), "a connect that timed out is retryable: " + e);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "the connect timed out after " + millis + " ms, not 300");
        }
    }

    /**
     * Fails with a retryable {@link RequestTimeoutException} when the response headers do not
     * arrive within the request's timeout, and closes that connection.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithRequestTimeoutWhenNoResponseArrivesInTime(Mode mode) throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(WAIT));
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/hold")).timeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure(mode, request));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "the response timed out after " + millis + " ms, not 300");
        assertNamesTheExchange(e, request);
        assertTrue(e.retryable(), "a timeout before the response head is retryable: " + e);
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), WAIT), "the timed-out connection stayed open");
    }

    /**
     * Reads in full a body whose bytes come slowly: each gap (400 ms) is shorter than the read
     * timeout (1.5 s), but the whole body takes longer (2.4 s) than the read timeout and than the
     * response timeout (1 s). The read timeout bounds each silence, not the whole body, and the
     * response timeout covers the head only.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void readsASlowBodyWhoseGapsAreShorterThanTheReadTimeout(Mode mode) throws Exception {
        byte[] pieces = "abcdefg".getBytes(US_ASCII);
        server.handle("/slow-body", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(pieces.length));
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    Thread.sleep(400);
                }
                exchange.write(new byte[] {pieces[i]});
            }
        });
        Duration readTimeout = Duration.ofMillis(1_500);
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/slow-body"))
                .timeout(Duration.ofSeconds(1)).readTimeout(readTimeout).build();

        long start = System.nanoTime();
        try (TransportResponse response = call(mode, request)) {
            assertEquals("abcdefg", text(response));
        }
        long millis = millisSince(start);
        assertTrue(millis > readTimeout.toMillis(), "the slow body took only " + millis + " ms: the case proves nothing");
    }

    /**
     * Starts the response timeout once the request is sent: an upload whose source takes 1.5 s
     * (ten pieces of 1 KiB, 150 ms apart) goes through in full with a response timeout of 500 ms,
     * since the server takes every byte as it comes and answers at once.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void startsTheResponseTimeoutOnceTheRequestIsSent(Mode mode) throws Exception {
        RequestBody slow = RequestBody.ofStream("application/octet-stream", OptionalLong.of(10 * 1024), true,
                () -> new BodySources.SlowStream(10, 150));
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/upload"))
                .body(slow).timeout(Duration.ofMillis(500)).build();

        long start = System.nanoTime();
        try (TransportResponse response = call(mode, request)) {
            assertEquals(200, response.status());
            assertEquals(Optional.of(String.valueOf(10 * 1024)), response.header("x-body-size"));
            text(response);
        }
        long millis = millisSince(start);
        assertTrue(millis > 500, "the slow upload took only " + millis + " ms: the case proves nothing");
    }

    /**
     * Fails the read of a body whose server sent the head and then nothing more, with an
     * {@link IOException} within the read timeout (1 s) plus 2 s, the response timeout (5 s)
     * being longer: with {@code Content-Length} read all at once, and chunked read in small reads
     * as a streaming parser does. Neither connection is reused: the client closes both, and the
     * next call goes out on a new one.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsReadingABodyThatStallsAfterItsHead(Mode mode) throws Exception {
        server.handle("/stall-length", exchange -> {
            exchange.writeHead(200, "Content-Length", "1000");
            exchange.holdUntilClientCloses(WAIT);
        });
        server.handle("/stall-chunked", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            exchange.holdUntilClientCloses(WAIT);
        });

        assertStalledBodiesFail(mode, 0, List.of("/stall-length", "/stall-chunked"),
                List.of(Reader.ALL_AT_ONCE, Reader.SMALL_READS));
    }

    /**
     * Fails the read of a body whose server sent the head and 100 bytes of the body and then
     * nothing more, with an {@link IOException} within the read timeout (1 s) plus 2 s, the
     * response timeout (5 s) being longer, after handing those 100 bytes to the reader: with
     * {@code Content-Length} read in small reads, and chunked read all at once. Neither
     * connection is reused: the client closes both, and the next call goes out on a new one.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsReadingABodyThatStallsMidway(Mode mode) throws Exception {
        server.handle("/stall-length", exchange -> {
            exchange.writeHead(200, "Content-Length", "1000");
            exchange.write(new byte[STALL_SENT]);
            exchange.holdUntilClientCloses(WAIT);
        });
        server.handle("/stall-chunked", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            exchange.writeChunk(new byte[STALL_SENT]);
            exchange.holdUntilClientCloses(WAIT);
        });

        assertStalledBodiesFail(mode, STALL_SENT, List.of("/stall-length", "/stall-chunked"),
                List.of(Reader.SMALL_READS, Reader.ALL_AT_ONCE));
    }

    /**
     * Fails with a retryable {@link RequestTimeoutException} naming the exchange, within the read
     * timeout (1 s) plus 2 s, an upload of 64 MiB that the server stops taking: it reads the
     * head and then none of the body. The read timeout is the bound, since it is the longest
     * silence allowed while a request body is written; the response timeout (5 s) counts only
     * once the request is sent, so it never starts. The client closes the connection.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithRequestTimeoutWhenTheServerStopsTakingTheUpload(Mode mode) throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        server.handleHead("/stalled-upload", exchange -> {
            failed.await(2 * WAIT.toSeconds(), TimeUnit.SECONDS);
            exchange.holdUntilClientCloses(WAIT); // drains what was sent, then sees whether the client gave up
        });
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/stalled-upload"))
                .body(GeneratedBody.of(64L * 1024 * 1024, true, true).body())
                .timeout(STALL_TIMEOUT).readTimeout(STALL_READ_TIMEOUT).build();

        long start = System.nanoTime();
        Throwable failure;
        try {
            failure = failure(mode, request);
        } finally {
            failed.countDown();
        }
        long millis = millisSince(start);

        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure);
        assertTrue(millis < STALL_READ_TIMEOUT.toMillis() + 2_000, "the stalled upload failed after " + millis + " ms");
        assertNamesTheExchange(e, request);
        assertTrue(e.retryable(), "a timeout before the response head is retryable: " + e);
        assertTrue(server.awaitClientClose(server.takeRequest().connection(), WAIT), "the stalled upload's connection stayed open");
    }

    /**
     * Aborts a call still waiting for its response when it is cancelled (async: the returned
     * future is cancelled; blocking: the calling thread is interrupted, keeps its interrupt flag
     * and gets a {@link TransportException}): the connection is closed, and the next call, with
     * a pool of one connection, goes through.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void cancellingAnInFlightCallClosesItsConnection(Mode mode) throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(WAIT));
        Transport single = transport(TransportConfig.builder().maxConnections(1).build());
        TransportRequest request = TransportRequest.newBuilder("GET", server.uri("/hold")).build();

        if (mode == Mode.ASYNC) {
            CompletableFuture<TransportResponse> future = single.send(request);
            server.takeRequest();
            assertTrue(future.cancel(true), "the future completed before the server answered");
            assertTrue(future.isCancelled());
        } else {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> interrupted = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    single.execute(request).close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interrupted.set(Thread.currentThread().isInterrupted());
            }, "tck-blocking-caller");
            caller.start();
            server.takeRequest();
            caller.interrupt();
            caller.join(WAIT.toMillis());
            assertFalse(caller.isAlive(), "execute did not return after the calling thread was interrupted");
            assertInstanceOf(TransportException.class, thrown.get());
            assertEquals(Boolean.TRUE, interrupted.get(), "execute cleared the interrupt flag");
        }

        assertTrue(server.awaitClientClose(1, WAIT), "the cancelled call's connection stayed open");
        try (TransportResponse next = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, next.status());
        }
    }

    /**
     * Aborts the exchange when the future that {@link Transport#send} returned is cancelled,
     * with {@code cancel(true)} or {@code cancel(false)}: the future reports itself cancelled and
     * the server sees the connection closed. When the answer races the cancel (the server writes
     * a head and part of a body as soon as it has read the request; ten tries), the connection
     * ends closed whichever wins: by the abort, by the transport closing a response that arrived
     * for a cancelled future, or by the caller closing the response it got.
     *
     * @param mayInterruptIfRunning the argument of {@code cancel}
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "cancel({0})")
    @ValueSource(booleans = {true, false})
    public void cancellingTheReturnedFutureAbortsTheExchangeWithEitherArgument(boolean mayInterruptIfRunning) throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(WAIT));
        server.handle("/answer", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(1024 * 1024));
            exchange.write(new byte[16 * 1024]);
            exchange.holdUntilClientCloses(WAIT);
        });
        Transport cancelled = transport();

        CompletableFuture<TransportResponse> held = cancelled.send(TransportRequest.newBuilder("GET", server.uri("/hold")).build());
        int heldConnection = server.takeRequest().connection();
        assertTrue(held.cancel(mayInterruptIfRunning), "the future completed before the server answered");
        assertTrue(held.isCancelled());
        assertThrows(CancellationException.class, held::join);
        assertTrue(server.awaitClientClose(heldConnection, WAIT), "the cancelled exchange's connection stayed open");

        for (int i = 0; i < 10; i++) {
            CompletableFuture<TransportResponse> racing = cancelled.send(TransportRequest.newBuilder("GET", server.uri("/answer")).build());
            int connection = server.takeRequest().connection();
            boolean won = racing.cancel(mayInterruptIfRunning);
            if (!won) {
                racing.join().close(); // the response came first: its caller closes it, as always
            }
            assertTrue(server.awaitClientClose(connection, WAIT), "try " + i + ": the connection stayed open after "
                    + (won ? "the future was cancelled" : "the response was closed"));
        }
        try (TransportResponse next = Calls.call(cancelled, Mode.ASYNC, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, next.status());
        }
    }

    /**
     * Cancelling a call of an {@code SferenceClient} over this transport aborts its exchange,
     * whether request logging is on (its policy then derives a stage from the transport's
     * future) or off; so does interrupting a blocking call.
     *
     * @param logging whether the SDK's request log is on
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "logging {0}")
    @ValueSource(booleans = {true, false})
    public void cancellingAClientCallAbortsItsExchangeWhateverTheLogLevel(boolean logging) throws Exception {
        server.handle("/v1/batches/b_held", exchange -> exchange.holdUntilClientCloses(WAIT));
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("com.sference");
        java.util.logging.Level before = log.getLevel();
        log.setLevel(logging ? java.util.logging.Level.ALL : java.util.logging.Level.OFF);
        try (SferenceClient client = SferenceClient.builder().baseUrl(server.uri("").toString())
                .transport(transport()).maxRetries(0).build()) {
            assertEquals(logging, System.getLogger("com.sference").isLoggable(System.Logger.Level.DEBUG));

            CompletableFuture<?> call = client.async().batches().get("b_held");
            int cancelled = server.takeRequest().connection();
            assertTrue(call.cancel(false));
            assertTrue(server.awaitClientClose(cancelled, WAIT), "the cancelled call's connection stayed open");

            CompletableFuture<Throwable> blocked = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    client.batches().get("b_held");
                    blocked.complete(null);
                } catch (RuntimeException e) {
                    blocked.complete(e);
                }
            });
            caller.start();
            int interrupted = server.takeRequest().connection();
            caller.interrupt();
            assertInstanceOf(com.sference.SferenceException.class, blocked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(server.awaitClientClose(interrupted, WAIT), "the interrupted call's connection stayed open");
        } finally {
            log.setLevel(before);
        }
    }

    // ---------------------------------------------------------------- failures

    /**
     * Fails with a retryable {@link TransportException} (not a timeout) naming method and URL and
     * the operating system's reason ("Connection refused"), never a header value, when the
     * connection is refused.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithTransportExceptionWhenTheConnectionIsRefused(Mode mode) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        TransportRequest request = TransportRequest.newBuilder("POST", URI.create("http://127.0.0.1:" + port + "/v1/batches"))
                .header("Authorization", "Bearer sk-refused-secret").body(RequestBody.ofString("{}")).build();

        TransportException e = assertInstanceOf(TransportException.class, failure(mode, request));

        assertFalse(e instanceof RequestTimeoutException, e.toString());
        assertNamesTheExchange(e, request);
        assertTrue(e.retryable(), "a refused connection is retryable: " + e);
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("sk-refused-secret"), t.toString());
        }
    }

    /**
     * Fails with a {@link TransportException} and never sends a non-replayable body again when
     * the server drops the connection after reading the request, on a new connection and on a
     * reused one, for {@code POST} and {@code PATCH}: retrying is the SDK's decision, not the
     * transport's. The failure is retryable, since no byte of a response arrived.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void neverResendsANonReplayableBodyWhenTheConnectionDrops(Mode mode) throws Exception {
        server.handle("/drop", LoopbackServer.Exchange::closeConnection);
        Transport single = transport(TransportConfig.builder().maxConnections(1).build());
        for (String method : List.of("POST", "PATCH")) {
            for (boolean reused : new boolean[] {false, true}) {
                if (reused) {
                    try (TransportResponse warm = Calls.call(single, mode, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
                        text(warm);
                    }
                }
                int before = server.requests().size();
                GeneratedBody body = GeneratedBody.of(1000, true, false);
                TransportRequest request = TransportRequest.newBuilder(method, server.uri("/drop")).body(body.body()).build();

                TransportException e = assertInstanceOf(TransportException.class, Calls.failure(single, mode, request),
                        method + (reused ? " on a reused connection" : " on a new connection"));

                assertFalse(e instanceof RequestTimeoutException, e.toString());
                assertNamesTheExchange(e, request);
                assertTrue(e.retryable(), "a connection closed before any response byte is retryable: " + e);
                List<LoopbackServer.Received> seen = server.requests().subList(before, server.requests().size());
                assertEquals(1, seen.stream().filter(r -> r.path().equals("/drop")).count(),
                        method + " was sent more than once" + (reused ? " on a reused connection" : ""));
                assertEquals(1, body.opens(), "the non-replayable body was opened again");
            }
        }
    }

    /**
     * Fails reading the body with an {@link IOException}, never a quiet end of stream, when the
     * server closes the connection in the middle of a response ({@code Content-Length} or
     * chunked), and fails the call with a {@link TransportException} when it closes in the
     * middle of the headers.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWhenTheServerClosesInTheMiddleOfAResponse(Mode mode) throws Exception {
        server.handle("/cut-length", exchange -> {
            exchange.writeHead(200, "Content-Length", "1000");
            exchange.write(new byte[100]);
            exchange.closeConnection();
        });
        server.handle("/cut-chunked", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            exchange.writeChunk(new byte[100]);
            exchange.closeConnection();
        });
        server.handle("/cut-head", exchange -> {
            exchange.write("HTTP/1.1 200 OK\r\nContent-Le".getBytes(US_ASCII));
            exchange.closeConnection();
        });

        for (String path : List.of("/cut-length", "/cut-chunked")) {
            try (TransportResponse response = call(mode, TransportRequest.newBuilder("GET", server.uri(path)).build())) {
                assertEquals(200, response.status());
                assertThrows(IOException.class, () -> response.body().readAllBytes(), path + " read as complete");
            } catch (ExecutionException | TransportException e) {
                // A transport may also see the cut before handing the response over: acceptable.
                assertInstanceOf(TransportException.class, e instanceof ExecutionException ? e.getCause() : e, path);
            }
        }
        TransportRequest cutHead = TransportRequest.newBuilder("GET", server.uri("/cut-head")).build();
        assertNamesTheExchange(assertInstanceOf(TransportException.class, failure(mode, cutHead)), cutHead);
    }

    /**
     * Fails with a {@link TransportException} naming the exchange and the root cause, not
     * retryable, and leaves the server without a complete request, when the body's source fails
     * to open, fails while read, or ends before its declared length: a cut body is never passed off as a whole one, and sending it again
     * would fail the same way.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithTransportExceptionWhenTheBodySourceFails(Mode mode) throws Exception {
        RequestBody failingChunked = RequestBody.ofStream(JSON, OptionalLong.empty(), false, BodySources.FailingStream::new);
        RequestBody failingKnown = RequestBody.ofStream(JSON, OptionalLong.of(100_000), false, BodySources.FailingStream::new);
        RequestBody shortKnown = RequestBody.ofStream(JSON, OptionalLong.of(100), false, () -> new ByteArrayInputStream(new byte[10]));
        RequestBody failingOpen = RequestBody.ofStream(JSON, OptionalLong.empty(), false, () -> {
            throw new IOException("the body's source failed");
        });
        for (RequestBody body : List.of(failingChunked, failingKnown, failingOpen, shortKnown)) {
            TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/upload")).body(body).build();

            TransportException e = assertInstanceOf(TransportException.class, failure(mode, request), body.toString());

            assertNamesTheExchange(e, request);
            assertFalse(e.retryable(), "a failing body source fails the same way every time: " + e);
            if (body != shortKnown) {
                assertTrue(e.getMessage().contains("the body's source failed"), "the root cause is missing: " + e.getMessage());
            }
        }
        Thread.sleep(100);
        assertEquals(List.of(), server.requests(), "a failed body reached the server as a complete request");
    }

    /**
     * Fails with a {@link TransportException} that is not a timeout, not retryable and names the
     * exchange, and sends nothing, when the URI is one it cannot send: an unsupported scheme
     * ({@code ftp}) and a port out of range ({@code 99999}), both of which
     * {@link TransportRequest} accepts.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithoutRetryOrSendingWhenTheUriCannotBeSent(Mode mode) throws Exception {
        for (URI uri : List.of(URI.create("ftp://127.0.0.1:" + server.port() + "/v1/files"),
                URI.create("http://127.0.0.1:99999/v1/files"))) {
            TransportRequest request = TransportRequest.newBuilder("GET", uri).build();

            TransportException e = assertInstanceOf(TransportException.class, failure(mode, request), uri.toString());

            assertFalse(e instanceof RequestTimeoutException, e.toString());
            assertFalse(e.retryable(), "an unsendable URI fails the same way every time: " + e);
            assertNamesTheExchange(e, request);
        }
        Thread.sleep(100);
        assertEquals(List.of(), server.requests(), "a request with an unsupported URI reached the server");
    }

    /**
     * Fails with a {@link TransportException} that is not a timeout, not retryable and names the
     * exchange and the root cause (the certification path the JDK could not build), when the
     * server's certificate is self-signed and the client (with the JDK's default trust store) does
     * not trust it; the request never reaches the server.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsWithoutRetryWhenTheServerCertificateIsNotTrusted(Mode mode) throws Exception {
        try (UntrustedTlsServer tls = UntrustedTlsServer.start()) {
            TransportRequest request = TransportRequest.newBuilder("GET", tls.uri("/v1/batches")).build();

            TransportException e = assertInstanceOf(TransportException.class, failure(mode, request));

            assertFalse(e instanceof RequestTimeoutException, e.toString());
            assertFalse(e.retryable(), "an untrusted certificate fails the same way every time: " + e);
            assertTrue(e.getMessage().contains("certification path"), "the root cause is missing: " + e.getMessage());
            assertNamesTheExchange(e, request);
            assertEquals(0, tls.handled(), "the request reached a server whose certificate is not trusted");
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Fails every call after {@link Transport#close()} (called twice: closing is idempotent)
     * with a {@link TransportException} that is not retryable and names the exchange: the
     * future of {@link Transport#send} fails, {@code send} never throws, and nothing is sent.
     *
     * @param mode blocking or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void failsCallsAfterCloseWithATransportExceptionThatIsNotRetryable(Mode mode) throws Exception {
        Transport closed = transport();
        closed.close();
        closed.close();
        TransportRequest request = TransportRequest.newBuilder("POST", server.uri("/echo")).body(RequestBody.ofString("{}")).build();

        TransportException e = assertInstanceOf(TransportException.class, Calls.failure(closed, mode, request));

        assertFalse(e.retryable(), "a closed transport fails the same way every time: " + e);
        assertNamesTheExchange(e, request);
        Thread.sleep(100);
        assertEquals(List.of(), server.requests(), "a closed transport sent a request");
    }

    /**
     * Returns from {@link Transport#close()} within 5 seconds while a call waits for its
     * response and another call's body is open and unread; then the waiting call fails with a
     * {@link TransportException}, reading the open body fails with an {@link IOException}, and
     * the server sees both connections closed.
     *
     * @param mode blocking (the waiting call runs on a thread of its own) or async
     * @throws Exception if the case fails unexpectedly
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    public void closeReturnsWithinFiveSecondsAndFailsTheOpenExchanges(Mode mode) throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(WAIT));
        server.handle("/open-body", exchange -> {
            exchange.writeHead(200, "Content-Length", String.valueOf(1024 * 1024));
            exchange.write(new byte[16 * 1024]);
            exchange.holdUntilClientCloses(WAIT);
        });
        Transport closing = transport();
        TransportResponse open = Calls.call(closing, mode, TransportRequest.newBuilder("GET", server.uri("/open-body")).build());
        int openConnection = server.takeRequest().connection();
        TransportRequest waiting = TransportRequest.newBuilder("GET", server.uri("/hold")).build();
        CompletableFuture<TransportResponse> inFlight = mode == Mode.ASYNC ? closing.send(waiting)
                : CompletableFuture.supplyAsync(() -> closing.execute(waiting), task -> new Thread(task, "tck-blocking-caller").start());
        int waitingConnection = server.takeRequest().connection();

        long start = System.nanoTime();
        closing.close();
        long millis = millisSince(start);

        try {
            assertTrue(millis < 5_000, "close() took " + millis + " ms with a call in flight and a body open");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                    "the call in flight did not fail when the transport was closed");
            assertInstanceOf(TransportException.class, failed.getCause());
            ReadOutcome read = readConcurrently(List.of(open), List.of(Reader.ALL_AT_ONCE)).get(0);
            assertInstanceOf(IOException.class, read.failure(),
                    "reading the open body after close ended without a failure, after " + read.bytes() + " bytes");
        } finally {
            open.close();
        }
        assertTrue(server.awaitClientClose(waitingConnection, WAIT), "the connection of the call in flight stayed open");
        assertTrue(server.awaitClientClose(openConnection, WAIT), "the connection of the open body stayed open");
    }

    // ---------------------------------------------------------------- helpers

    /** The default transport of this case, created on first use. */
    private Transport transport() {
        if (transport == null) {
            transport = transport(TransportConfig.defaults());
        }
        return transport;
    }

    private Transport transport(TransportConfig config) {
        Transport created = createTransport(config);
        assertNotNull(created, "createTransport returned null");
        transports.add(created);
        return created;
    }

    private TransportResponse call(Mode mode, TransportRequest request) throws Exception {
        return Calls.call(transport(), mode, request);
    }

    private TransportResponse call(Mode mode, TransportRequest.Builder request) throws Exception {
        return call(mode, request.build());
    }

    private Throwable failure(Mode mode, TransportRequest request) {
        return Calls.failure(transport(), mode, request);
    }

    /**
     * Reads each of {@code paths}, stalled by its server, with its reader and checks that every
     * read fails in time after the {@code sent} bytes that arrived, and that no stalled
     * connection is reused.
     */
    private void assertStalledBodiesFail(Mode mode, int sent, List<String> paths, List<Reader> readers) throws Exception {
        Transport stalled = transport();
        List<TransportResponse> responses = new ArrayList<>();
        List<Integer> connections = new ArrayList<>();
        try {
            for (String path : paths) {
                responses.add(Calls.call(stalled, mode, TransportRequest.newBuilder("GET", server.uri(path))
                        .timeout(STALL_TIMEOUT).readTimeout(STALL_READ_TIMEOUT).build()));
                connections.add(server.takeRequest().connection());
            }
            List<ReadOutcome> outcomes = readConcurrently(responses, readers);
            for (int i = 0; i < paths.size(); i++) {
                ReadOutcome outcome = outcomes.get(i);
                String what = paths.get(i) + " read " + readers.get(i);
                assertInstanceOf(IOException.class, outcome.failure(),
                        what + " ended without a failure, after " + outcome.bytes() + " bytes");
                assertTrue(outcome.millis() < STALL_READ_TIMEOUT.toMillis() + 2_000,
                        what + " failed after " + outcome.millis() + " ms");
                if (readers.get(i) == Reader.SMALL_READS) {
                    assertEquals(sent, outcome.bytes(), what + ": not every byte that arrived was read before the failure");
                }
            }
        } finally {
            responses.forEach(TransportResponse::close);
        }
        for (int connection : connections) {
            assertTrue(server.awaitClientClose(connection, WAIT), "connection " + connection + " of a stalled body stayed open");
        }
        try (TransportResponse next = Calls.call(stalled, mode, TransportRequest.newBuilder("GET", server.uri("/echo")).build())) {
            assertEquals(200, next.status());
            text(next);
        }
        int used = server.takeRequest().connection();
        assertFalse(connections.contains(used), "the next call reused connection " + used + " of a stalled body");
    }

    /** How a case reads a body: in one call, or in small reads as a streaming parser does. */
    private enum Reader {
        ALL_AT_ONCE,
        SMALL_READS
    }

    /** What reading a body to its end came to: the bytes read, the failure if any, and how long it took. */
    private record ReadOutcome(long bytes, Throwable failure, long millis) {}

    /** {@return the outcome of reading each body with its reader, all at the same time, each within twice WAIT} */
    private static List<ReadOutcome> readConcurrently(List<TransportResponse> responses, List<Reader> readers) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(responses.size());
        try {
            List<Future<ReadOutcome>> reads = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                InputStream body = responses.get(i).body();
                Reader reader = readers.get(i);
                reads.add(threads.submit(() -> readToTheEnd(body, reader)));
            }
            List<ReadOutcome> outcomes = new ArrayList<>();
            for (Future<ReadOutcome> read : reads) {
                try {
                    outcomes.add(read.get(2 * WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("a body read neither ended nor failed within " + 2 * WAIT.toSeconds() + " s", e);
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static ReadOutcome readToTheEnd(InputStream body, Reader reader) {
        long start = System.nanoTime();
        long bytes = 0;
        try {
            if (reader == Reader.ALL_AT_ONCE) {
                bytes = body.readAllBytes().length;
            } else {
                byte[] small = new byte[7];
                for (int n; (n = body.read(small)) >= 0; ) {
                    bytes += n;
                }
            }
            return new ReadOutcome(bytes, null, millisSince(start));
        } catch (Throwable t) {
            return new ReadOutcome(bytes, t, millisSince(start));
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private TransportRequest.Builder api(String method, String path) {
        return TransportRequest.newBuilder(method, emulator.uri().resolve(path))
                .header("Authorization", "Bearer " + emulator.apiKey());
    }
}
