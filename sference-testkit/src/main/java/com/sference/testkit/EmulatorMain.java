package com.sference.testkit;

import com.sference.testkit.internal.MainArgs;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SferenceEmulator} as a process until it is stopped (SIGTERM or Ctrl-C).
 *
 * <pre>{@code
 * java -cp ... com.sference.testkit.EmulatorMain [--port N] [--delay-ms N]
 *     [--key KEY[:SCOPE,...]]... [--login USER:PASS]...
 * }</pre>
 *
 * <p>{@code --key} may be repeated and is split at its first colon, so
 * {@code --key sk_ro:responses:read} is the key {@code sk_ro} with the scope
 * {@code responses:read}; a key without a colon gets both response scopes. Without any
 * {@code --key} the key {@value EmulatorOptions#DEFAULT_API_KEY} is accepted, and a line on
 * standard error says so. When the server is ready, standard output gets exactly one line,
 * {@code listening on http://127.0.0.1:PORT}. Bad arguments print the usage on standard error
 * and exit with status 2.
 *
 * @since 0.1
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    /**
     * Starts the emulator and blocks until the JVM is asked to stop.
     *
     * @param args the command line, as above
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        MainArgs parsed;
        try {
            parsed = MainArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sference-emulator: " + e.getMessage());
            System.err.println(MainArgs.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.help()) {
            System.out.println(MainArgs.USAGE);
            return;
        }
        SferenceEmulator emulator = SferenceEmulator.start(parsed.options());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sference-emulator-shutdown"));
        PrintStream out = System.out;
        if (parsed.defaultKey()) {
            System.err.println("no --key given: accepting " + EmulatorOptions.DEFAULT_API_KEY
                    + " with scopes " + EmulatorOptions.RESPONSES_READ + "," + EmulatorOptions.RESPONSES_WRITE);
        }
        out.println("listening on " + emulator.baseUrl());
        out.flush();
        stopped.await();
    }
}
