package com.sference.testkit;

import com.sference.testkit.internal.EmulatorServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A running emulator of the sference HTTP API, in memory, on {@code 127.0.0.1}.
 *
 * <p>It serves every endpoint of the sference contract (auth, batches, responses, streams and
 * their events, idempotency keys) with a deterministic echo model:
 *
 * <ul>
 *   <li>The output text is {@code "echo: "} followed by the content of the last {@code user}
 *       message (of {@code input} for responses, of {@code body.messages} for batch requests;
 *       the empty string when there is none).
 *   <li>Prompt tokens are the number of whitespace-separated words in the contents of all input
 *       messages (at least 1); completion tokens are the words of the output text.
 *   <li>A request whose model is exactly {@code sference/fail} fails with the error
 *       {@code {"code":"model_error","message":"..."}} and no tokens.
 *   <li>{@code instructions}, {@code temperature}, {@code top_p} and {@code max_output_tokens}
 *       are validated and echoed back but do not change the output.
 * </ul>
 *
 * <p>Every job (a batch or a response) moves from pending ({@code in_progress} for responses)
 * to running to its terminal state, spending {@link EmulatorOptions#stepDelay()} in each of the
 * two non-terminal states; states are derived from the job's creation time whenever the
 * emulator is asked. With a zero step delay a job is finished by the time its create call
 * answers. Jobs finish in the order they were created.
 *
 * <pre>{@code
 * try (SferenceEmulator emulator = SferenceEmulator.start()) {
 *     HttpRequest request = HttpRequest.newBuilder(emulator.uri().resolve("/v1/auth/me"))
 *         .header("Authorization", "Bearer " + emulator.apiKey())
 *         .build();
 *     HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1
 */
public final class SferenceEmulator implements AutoCloseable {

    private final EmulatorOptions options;
    private final EmulatorServer server;
    private final Faults faults;

    private SferenceEmulator(EmulatorOptions options, EmulatorServer server) {
        this.options = options;
        this.server = server;
        this.faults = new Faults(server.faults(), null, "");
    }

    /**
     * Starts an emulator with {@link EmulatorOptions#defaults()} on an ephemeral port.
     *
     * @return the running emulator
     * @throws UncheckedIOException if the server cannot be started
     */
    public static SferenceEmulator start() {
        return start(EmulatorOptions.defaults());
    }

    /**
     * Starts an emulator with the given options.
     *
     * @param options the options
     * @return the running emulator
     * @throws UncheckedIOException if the server cannot be started, for example because the
     *     port is taken
     */
    public static SferenceEmulator start(EmulatorOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            return new SferenceEmulator(options, EmulatorServer.start(options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sference emulator on port " + options.port(), e);
        }
    }

    /**
     * Returns the origin to use as the SDK's base URL, without a trailing slash.
     *
     * @return for example {@code http://127.0.0.1:53117}
     */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * Returns the OpenAI-compatible base URL: {@link #baseUrl()} followed by {@code /v1}.
     *
     * @return for example {@code http://127.0.0.1:53117/v1}
     */
    public String openAiBaseUrl() {
        return server.baseUrl() + "/v1";
    }

    /**
     * Returns {@link #baseUrl()} as a URI.
     *
     * @return the origin
     */
    public URI uri() {
        return URI.create(server.baseUrl());
    }

    /**
     * Returns the TCP port the emulator listens on.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * Returns the first configured API key ({@value EmulatorOptions#DEFAULT_API_KEY} unless the
     * options say otherwise).
     *
     * @return an accepted API key
     */
    public String apiKey() {
        return options.keys().keySet().iterator().next();
    }

    /**
     * Returns the options this emulator was started with.
     *
     * @return the options
     */
    public EmulatorOptions options() {
        return options;
    }

    /**
     * Returns the fault injector of this emulator.
     *
     * @return the faults, matching every request
     */
    public Faults faults() {
        return faults;
    }

    /**
     * Returns every request received so far (including those that got a fault), in the order
     * they arrived; only the most recent 100,000 are kept.
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> requests() {
        return server.requests().snapshot();
    }

    /**
     * Forgets the requests recorded so far.
     */
    public void clearRequests() {
        server.requests().clear();
    }

    /**
     * Stops the server at once, ending open connections and long-polls; calling it again does
     * nothing.
     */
    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "SferenceEmulator[" + baseUrl() + "]";
    }
}
