package com.sference.testkit.internal;

import com.sference.testkit.EmulatorOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parses the command line of {@code EmulatorMain}. Not part of the API.
 *
 * @param options the options to start with
 * @param defaultKey whether no {@code --key} was given, so the default key is in use
 * @param help whether {@code --help} was asked for
 */
public record MainArgs(EmulatorOptions options, boolean defaultKey, boolean help) {

    /** The usage text. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: sference-emulator [--port N] [--delay-ms N] [--key KEY[:SCOPE,...]]... [--login USER:PASS]...",
            "  --port N           TCP port on 127.0.0.1 (default 0: a free port)",
            "  --delay-ms N       how long a job stays in each non-terminal state (default 50)",
            "  --key KEY[:SCOPES] accept KEY; SCOPES comma-separated, split at the first colon",
            "                     (default: both responses:read and responses:write); repeatable.",
            "                     Without --key, sk_test is accepted with both scopes.",
            "  --login USER:PASS  accept this login at POST /v1/auth/login; repeatable",
            "  --help             print this help");

    /**
     * Parses arguments.
     *
     * @param args the command line
     * @return the parsed arguments
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static MainArgs parse(String... args) {
        EmulatorOptions.Builder builder = EmulatorOptions.builder();
        boolean anyKey = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new MainArgs(builder.build(), !anyKey, true);
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--port":
                    builder.port(number(name, value, 0, 65535));
                    break;
                case "--delay-ms":
                    builder.stepDelay(Duration.ofMillis(number(name, value, 0, Integer.MAX_VALUE)));
                    break;
                case "--key":
                    key(builder, required(name, value));
                    anyKey = true;
                    break;
                case "--login":
                    String login = required(name, value);
                    int colon = login.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--login needs USER:PASS, got " + login);
                    }
                    builder.login(login.substring(0, colon), login.substring(colon + 1));
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return new MainArgs(builder.build(), !anyKey, false);
    }

    private static void key(EmulatorOptions.Builder builder, String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            builder.key(spec);
            return;
        }
        String key = spec.substring(0, colon);
        Set<String> scopes = new LinkedHashSet<>();
        Arrays.stream(spec.substring(colon + 1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(scopes::add);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("--key needs a key before the colon: " + spec);
        }
        builder.key(key, scopes);
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }

    private static int number(String name, String value, int min, int max) {
        String v = required(name, value);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got " + v, e);
        }
    }
}
