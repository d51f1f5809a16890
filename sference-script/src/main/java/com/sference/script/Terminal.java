package com.sference.script;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether output goes to a terminal, where progress can be redrawn in place with {@code \r}. */
final class Terminal {
    /** The system property that decides, when set to {@code true} or {@code false}. */
    static final String PROPERTY = "sference.terminal";

    private Terminal() {}

    /**
     * {@return whether a terminal is attached}: the {@value #PROPERTY} property when set (JShell runs
     * snippets in an agent JVM without a console, so {@code bin/sference-shell} passes it), else
     * whether {@link System#console()} is a terminal.
     */
    static boolean attached() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Boolean.parseBoolean(forced.trim());
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when redirected, and says with isTerminal() whether it is one.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
