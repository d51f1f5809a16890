package com.sference.script;

import com.sference.CheckpointStore;
import com.sference.SferenceClient;
import com.sference.model.WaitOptions;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shell's state: the current client, the embedded emulator when it started one, the transport
 * asked for with {@code use}, stream checkpoints, and how many errors were printed.
 *
 * <p>There is one session per class loader ({@link #current()}), as JShell runs every snippet in
 * the same agent JVM. Connecting again closes the previous client and emulator.
 */
final class Session {
    /** The step delay of an embedded emulator started by {@code connect()}: slow enough to watch. */
    static final Duration EMBEDDED_STEP_DELAY = Duration.ofMillis(200);
    /** Polling a server on this machine. */
    static final WaitOptions LOCAL_WAIT = WaitOptions.of(Duration.ofMillis(100), Duration.ofDays(1));
    /** Polling a remote server. */
    static final WaitOptions REMOTE_WAIT = WaitOptions.of(Duration.ofSeconds(2), Duration.ofDays(1));

    private static final Session CURRENT = new Session(System::getenv);

    private final Function<String, String> env;
    private CheckpointStore checkpoints;
    private final AtomicInteger errors = new AtomicInteger();
    private SferenceClient client;
    private SferenceEmulator emulator;
    private Supplier<SferenceClient.Builder> target;
    private String transport;
    private WaitOptions wait = REMOTE_WAIT;

    Session(Function<String, String> env) {
        this.env = env;
    }

    /** {@return the session of this JVM} */
    static Session current() {
        return CURRENT;
    }

    /** {@return where the shell prints: {@code System.out} at the time of the call} */
    PrintStream out() {
        return System.out;
    }

    /** {@return the current client, connecting first with {@link #connect()} when there is none} */
    synchronized SferenceClient client() {
        if (client == null) {
            connect();
        }
        return client;
    }

    /** {@return the polling interval and timeout of waits on the current server} */
    synchronized WaitOptions waitOptions() {
        return wait;
    }

    /**
     * {@return where tails keep their place: the Python SDK's checkpoint file
     * ({@code $SFERENCE_STREAM_CHECKPOINTS}, else {@code ~/.sference/stream_checkpoints.json})}
     */
    synchronized CheckpointStore checkpoints() {
        if (checkpoints == null) {
            checkpoints = CheckpointStore.file();
        }
        return checkpoints;
    }

    /**
     * Connects from the environment: {@code SFERENCE_API_KEY} and {@code SFERENCE_BASE_URL} (default
     * {@value SferenceClient#DEFAULT_BASE_URL}), or, with no key set, an embedded emulator.
     */
    synchronized SferenceClient connect() {
        String key = env.apply("SFERENCE_API_KEY");
        if (key == null || key.isBlank()) {
            return local(EMBEDDED_STEP_DELAY, "no SFERENCE_API_KEY set: ");
        }
        String url = env.apply("SFERENCE_BASE_URL");
        String baseUrl = url == null || url.isBlank() ? SferenceClient.DEFAULT_BASE_URL : url.trim();
        String apiKey = key.trim();
        // fromEnv() first, so whatever else the SDK reads from the environment applies too; the
        // explicit values are the same ones unless a test gave this session its own environment.
        return open(() -> SferenceClient.builder().fromEnv().baseUrl(baseUrl).apiKey(apiKey), null, "");
    }

    /** Connects to a server with an API key. */
    synchronized SferenceClient connect(String baseUrl, String apiKey) {
        String url = require(baseUrl, "base URL");
        String key = require(apiKey, "API key");
        return open(() -> SferenceClient.builder().baseUrl(url).apiKey(key), null, "");
    }

    /** Starts an embedded emulator whose jobs take one {@code stepDelay} per state, and connects to it. */
    synchronized SferenceClient local(Duration stepDelay) {
        return local(require(stepDelay, "step delay"), "");
    }

    private SferenceClient local(Duration stepDelay, String why) {
        SferenceEmulator started = SferenceEmulator.start(EmulatorOptions.builder().stepDelay(stepDelay).build());
        try {
            return open(() -> SferenceClient.builder().baseUrl(started.baseUrl()).apiKey(started.apiKey()), started,
                    why + "using an embedded emulator at " + started.baseUrl() + " (jobs run pending, then running, "
                            + Views.duration(stepDelay) + " each)");
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** Rebuilds the client over the transport of that name (connecting first if needed). */
    synchronized SferenceClient use(String name) {
        String wanted = require(name, "transport name");
        if (client == null) {
            String before = transport;
            transport = wanted;
            try {
                return connect();
            } catch (RuntimeException e) {
                transport = before;
                throw e;
            }
        }
        SferenceClient next = build(target, wanted);
        client.close();
        client = next;
        transport = wanted;
        out().println("now using the " + next.transportName() + " transport to " + next.baseUrl());
        return next;
    }

    /** Closes the client and stops the embedded emulator, if any. */
    synchronized void disconnect() {
        if (client == null) {
            out().println("not connected");
            return;
        }
        String from = client.baseUrl().toString();
        boolean embedded = emulator != null;
        closeAll();
        out().println("disconnected from " + from + (embedded ? "; the embedded emulator is stopped" : ""));
    }

    /** Prints a failure as one line and counts it. */
    void failed(RuntimeException failure) {
        errors.incrementAndGet();
        out().println(Errors.line(failure));
    }

    /** {@return how many failures were printed in this JVM} */
    int errorCount() {
        return errors.get();
    }

    /**
     * {@return {@code value}}
     *
     * @throws IllegalArgumentException naming {@code what} when it is {@code null}, the usual sign
     *     of an earlier call that failed
     */
    static <T> T require(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("no " + what + " given (null; did an earlier call fail?)");
        }
        return value;
    }

    private SferenceClient open(Supplier<SferenceClient.Builder> next, SferenceEmulator started, String note) {
        SferenceClient built = build(next, transport);
        closeAll();
        client = built;
        emulator = started;
        target = next;
        wait = isLocal(built.baseUrl()) ? LOCAL_WAIT : REMOTE_WAIT;
        out().println((note.isEmpty() ? "connected to " + built.baseUrl() : note) + " over the "
                + built.transportName() + " transport");
        return built;
    }

    private static SferenceClient build(Supplier<SferenceClient.Builder> target, String transport) {
        SferenceClient.Builder builder = target.get();
        if (transport != null) {
            builder.transport(transport);
        }
        return builder.build();
    }

    private void closeAll() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            target = null;
            if (emulator != null) {
                emulator.close();
                emulator = null;
            }
        }
    }

    private static boolean isLocal(URI baseUrl) {
        String host = baseUrl.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
