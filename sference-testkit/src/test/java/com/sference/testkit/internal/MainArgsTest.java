package com.sference.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainArgsTest {

    @Test
    void noArgumentsMeanTheDefaultKey() {
        MainArgs args = MainArgs.parse();
        assertTrue(args.defaultKey());
        assertFalse(args.help());
        assertEquals(Map.of("sk_test", Set.of("responses:read", "responses:write")), args.options().keys());
        assertEquals(0, args.options().port());
    }

    @Test
    void keysSplitAtTheFirstColonIntoCommaSeparatedScopes() {
        MainArgs args = MainArgs.parse("--key", "sk_ro:responses:read", "--key", "sk_rw",
                "--key=sk_two:responses:read,responses:write", "--key", "sk_none:");
        assertFalse(args.defaultKey());
        Map<String, Set<String>> keys = args.options().keys();
        assertEquals(Set.of("responses:read"), keys.get("sk_ro"));
        assertEquals(Set.of("responses:read", "responses:write"), keys.get("sk_rw"));
        assertEquals(Set.of("responses:read", "responses:write"), keys.get("sk_two"));
        assertEquals(Set.of(), keys.get("sk_none"));
    }

    @Test
    void portDelayAndLoginsAreRead() {
        MainArgs args = MainArgs.parse("--port", "8123", "--delay-ms=0", "--login", "alice:pa:ss");
        assertEquals(8123, args.options().port());
        assertEquals(Duration.ZERO, args.options().stepDelay());
        assertEquals(Map.of("alice", "pa:ss"), args.options().logins());
    }

    @Test
    void helpIsRecognised() {
        assertTrue(MainArgs.parse("--help").help());
        assertTrue(MainArgs.USAGE.startsWith("usage: sference-emulator"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port", "--port=x", "--port=70000", "--delay-ms=-5", "--key", "--key=:scope",
        "--login=nocolon", "--login=:p", "--bogus", "extra"})
    void badArgumentsAreRejected(String arg) {
        assertThrows(IllegalArgumentException.class, () -> MainArgs.parse(arg));
    }
}
