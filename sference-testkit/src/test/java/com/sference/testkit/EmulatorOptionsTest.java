package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmulatorOptionsTest {

    @Test
    void defaultsMatchTheDocumentation() {
        EmulatorOptions o = EmulatorOptions.defaults();
        assertEquals(0, o.port());
        assertEquals(Duration.ofMillis(50), o.stepDelay());
        assertEquals(Map.of("sk_test", Set.of("responses:read", "responses:write")), o.keys());
        assertEquals(Map.of(), o.logins());
        assertEquals(256L * 1024 * 1024, o.maxRequestBodyBytes());
        assertEquals(OutputForm.AUTO, o.outputForm());
    }

    @Test
    void configuredKeysReplaceTheDefaultKeyAndKeepTheirOrder() {
        EmulatorOptions o = EmulatorOptions.builder().key("sk_b", Set.of()).key("sk_a").build();
        assertEquals(Set.of("sk_b", "sk_a"), o.keys().keySet());
        assertEquals("sk_b", o.keys().keySet().iterator().next());
        assertEquals(Set.of(), o.keys().get("sk_b"));
        assertFalse(o.keys().containsKey("sk_test"));
        assertThrows(UnsupportedOperationException.class, () -> o.keys().put("x", Set.of()));
    }

    @Test
    void toBuilderCopies() {
        EmulatorOptions o = EmulatorOptions.builder().port(1234).login("u", "p").build();
        EmulatorOptions copy = o.toBuilder().stepDelay(Duration.ZERO).build();
        assertEquals(1234, copy.port());
        assertEquals(Map.of("u", "p"), copy.logins());
        assertEquals(Duration.ZERO, copy.stepDelay());
        assertEquals(Duration.ofMillis(50), o.stepDelay());
        assertFalse(o.toString().contains("p]"), o.toString());
    }

    @Test
    void invalidValuesAreRejected() {
        EmulatorOptions.Builder b = EmulatorOptions.builder();
        assertThrows(IllegalArgumentException.class, () -> b.port(-1));
        assertThrows(IllegalArgumentException.class, () -> b.port(65536));
        assertThrows(IllegalArgumentException.class, () -> b.stepDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.key(" "));
        assertThrows(IllegalArgumentException.class, () -> b.key("a b"));
        assertThrows(IllegalArgumentException.class, () -> b.maxRequestBodyBytes(0));
        assertThrows(IllegalArgumentException.class, () -> b.login("", "p"));
        assertThrows(NullPointerException.class, () -> b.outputForm(null));
    }
}
