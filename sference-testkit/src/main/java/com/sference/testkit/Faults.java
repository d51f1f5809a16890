package com.sference.testkit;

import com.sference.testkit.internal.FaultInjector;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Injects faults into the next requests an emulator receives: error statuses, dropped
 * connections, delays, answers that are wrong on the wire, and answers lost after the request
 * was handled.
 *
 * <p>A fault applies to the next {@code count} requests that match its filter (by default every
 * request; narrow it with {@link #on(String, String)}). Faults are applied before authentication
 * and before any handling, so a request that gets a fault creates nothing; the exceptions are
 * {@link #delayNext(int, Duration)}, which then handles the request, and
 * {@link #dropNextAfterHandling(int)}, which handles it and then loses the answer. When several
 * pending faults match a request, the one registered first applies; a fault is used up one
 * request at a time. Every request is recorded in {@link SferenceEmulator#requests()}, whatever
 * fault it got.
 *
 * <pre>{@code
 * emulator.faults().on("POST", "/v1/batches").failNext(2, 503, Duration.ofSeconds(1));
 * emulator.faults().dropNext(1);
 * emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.cutBody());
 * emulator.faults().on("POST", "/v1/batches").dropNextAfterHandling(1);
 * emulator.faults().reset();
 * }</pre>
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1
 */
public final class Faults {

    private final FaultInjector injector;
    private final String method;
    private final String pathPrefix;

    Faults(FaultInjector injector, String method, String pathPrefix) {
        this.injector = injector;
        this.method = method;
        this.pathPrefix = pathPrefix;
    }

    /**
     * Returns a view of these faults whose new faults apply only to matching requests.
     *
     * @param method the HTTP method to match (any case), or {@code "*"} for every method
     * @param pathPrefix the start of the path to match, for example {@code /v1/batches};
     *     {@code ""} matches every path
     * @return a view that registers faults with this filter
     */
    public Faults on(String method, String pathPrefix) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        String m = method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
        return new Faults(injector, m, pathPrefix);
    }

    /**
     * Answers the next {@code count} matching requests with {@code status} and an error body.
     *
     * @param count how many requests, positive
     * @param status the HTTP status, 400 to 599
     * @return this view
     * @throws IllegalArgumentException if count or status is out of range
     */
    public Faults failNext(int count, int status) {
        checkStatus(status);
        injector.add(method, pathPrefix, count, FaultInjector.Fault.fail(status, null));
        return this;
    }

    /**
     * Answers the next {@code count} matching requests with {@code status}, an error body and a
     * {@code Retry-After} header in whole seconds (rounded up).
     *
     * @param count how many requests, positive
     * @param status the HTTP status, 400 to 599, typically 429 or 503
     * @param retryAfter the value of {@code Retry-After}, zero or positive
     * @return this view
     * @throws IllegalArgumentException if count, status or retryAfter is out of range
     */
    public Faults failNext(int count, int status, Duration retryAfter) {
        checkStatus(status);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        injector.add(method, pathPrefix, count, FaultInjector.Fault.fail(status, retryAfter));
        return this;
    }

    /**
     * Closes the connection of the next {@code count} matching requests without sending any
     * response, so the client sees an I/O error.
     *
     * <p>Some clients silently resend an idempotent request (such as a {@code GET}) once when a
     * kept-alive connection closes; each attempt then uses up one fault.
     *
     * @param count how many requests, positive
     * @return this view
     * @throws IllegalArgumentException if count is not positive
     */
    public Faults dropNext(int count) {
        injector.add(method, pathPrefix, count, FaultInjector.Fault.drop());
        return this;
    }

    /**
     * Holds the next {@code count} matching requests for {@code delay}, then handles them
     * normally.
     *
     * @param count how many requests, positive
     * @param delay how long to wait before handling, zero or positive
     * @return this view
     * @throws IllegalArgumentException if count or delay is out of range
     */
    public Faults delayNext(int count, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        injector.add(method, pathPrefix, count, FaultInjector.Fault.delay(delay));
        return this;
    }

    /**
     * Answers the next {@code count} matching requests with {@code answer} instead of handling
     * them, so nothing is created or changed. The request body is read first, as for
     * {@link #failNext(int, int)}.
     *
     * <pre>{@code
     * emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.htmlPage(502));
     * }</pre>
     *
     * @param count how many requests, positive
     * @param answer what to send
     * @return this view
     * @throws IllegalArgumentException if count is not positive
     * @since 0.2
     */
    public Faults answerNext(int count, BadAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        injector.add(method, pathPrefix, count, FaultInjector.Fault.answer(answer.answer()));
        return this;
    }

    /**
     * Handles the next {@code count} matching requests normally, then closes their connections
     * without sending the answer: the server acted (a {@code POST} created its batch) but the
     * client sees an I/O error, as when a connection breaks after the server has done its work.
     * An answer remembered for an {@code Idempotency-Key} is remembered here too, so a retry with
     * the same key and body gets the answer that was lost, and creates nothing.
     *
     * <pre>{@code
     * emulator.faults().on("POST", "/v1/batches").dropNextAfterHandling(1);
     * }</pre>
     *
     * @param count how many requests, positive
     * @return this view
     * @throws IllegalArgumentException if count is not positive
     * @since 0.2
     */
    public Faults dropNextAfterHandling(int count) {
        injector.add(method, pathPrefix, count, FaultInjector.Fault.dropAfterHandling());
        return this;
    }

    /**
     * Removes every pending fault, whatever its filter.
     */
    public void reset() {
        injector.reset();
    }

    /**
     * Returns how many fault applications are still pending, over all filters.
     *
     * @return the sum of the remaining counts
     */
    public int pending() {
        return injector.pending();
    }

    private static void checkStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599: " + status);
        }
    }
}
