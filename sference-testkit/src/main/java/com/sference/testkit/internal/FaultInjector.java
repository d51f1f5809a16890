package com.sference.testkit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The pending faults of one emulator; each rule applies to the next N requests that match it.
 * Not part of the API: use {@code com.sference.testkit.Faults}.
 */
public final class FaultInjector {

    /** What to do to a request. */
    public static final class Fault {
        enum Kind { FAIL, DROP, DELAY, ANSWER, DROP_AFTER_HANDLING }

        final Kind kind;
        final int status;
        final Duration retryAfter;
        final Duration delay;
        final WrongAnswer answer;

        private Fault(Kind kind, int status, Duration retryAfter, Duration delay, WrongAnswer answer) {
            this.kind = kind;
            this.status = status;
            this.retryAfter = retryAfter;
            this.delay = delay;
            this.answer = answer;
        }

        /**
         * Answers with an error status.
         *
         * @param status the status
         * @param retryAfter the {@code Retry-After} value, or null for none
         * @return the fault
         */
        public static Fault fail(int status, Duration retryAfter) {
            return new Fault(Kind.FAIL, status, retryAfter, null, null);
        }

        /**
         * Closes the connection without an answer.
         *
         * @return the fault
         */
        public static Fault drop() {
            return new Fault(Kind.DROP, 0, null, null, null);
        }

        /**
         * Waits, then handles the request normally.
         *
         * @param delay how long
         * @return the fault
         */
        public static Fault delay(Duration delay) {
            return new Fault(Kind.DELAY, 0, null, delay, null);
        }

        /**
         * Sends a wrong answer instead of handling the request.
         *
         * @param answer what to send
         * @return the fault
         */
        public static Fault answer(WrongAnswer answer) {
            return new Fault(Kind.ANSWER, answer.status(), null, null, answer);
        }

        /**
         * Handles the request normally, then closes the connection without sending the answer.
         *
         * @return the fault
         */
        public static Fault dropAfterHandling() {
            return new Fault(Kind.DROP_AFTER_HANDLING, 0, null, null, null);
        }
    }

    private static final class Rule {
        final String method;
        final String pathPrefix;
        final Fault fault;
        int remaining;

        Rule(String method, String pathPrefix, Fault fault, int remaining) {
            this.method = method;
            this.pathPrefix = pathPrefix;
            this.fault = fault;
            this.remaining = remaining;
        }

        boolean matches(String m, String path) {
            return (method == null || method.equalsIgnoreCase(m)) && path.startsWith(pathPrefix);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /**
     * Registers a rule.
     *
     * @param method the method to match, or null for any
     * @param pathPrefix the path prefix to match
     * @param count how many requests, positive
     * @param fault what to do
     */
    public synchronized void add(String method, String pathPrefix, int count, Fault fault) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        rules.add(new Rule(method, pathPrefix, fault, count));
    }

    /** Removes every rule. */
    public synchronized void reset() {
        rules.clear();
    }

    /**
     * Returns the remaining applications over all rules.
     *
     * @return the count
     */
    public synchronized int pending() {
        return rules.stream().mapToInt(r -> r.remaining).sum();
    }

    /** Uses up one application of the first matching rule; null when none matches. */
    synchronized Fault take(String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule rule = it.next();
            if (rule.matches(method, path)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }
}
