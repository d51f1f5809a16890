package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TerminalTest {
    @AfterEach
    void clear() {
        System.clearProperty(Terminal.PROPERTY);
    }

    @Test
    void thePropertyDecidesWhenSet() {
        System.setProperty(Terminal.PROPERTY, "true");
        assertTrue(Terminal.attached());
        System.setProperty(Terminal.PROPERTY, "false");
        assertFalse(Terminal.attached());
    }

    @Test
    void withoutItATestRunIsNoTerminal() {
        assertFalse(Terminal.attached(), "surefire's output is a pipe");
    }
}
