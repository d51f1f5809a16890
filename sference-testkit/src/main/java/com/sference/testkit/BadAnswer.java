package com.sference.testkit;

import com.sference.testkit.internal.WrongAnswer;
import java.time.Duration;
import java.util.Objects;

/**
 * An answer that is wrong on the wire, which {@link Faults#answerNext(int, BadAnswer)} sends
 * instead of handling a request: broken JSON, HTML, a body of the wrong shape or size, a body
 * that never ends, stalls or is cut, or a redirect.
 *
 * <p>Unless said otherwise, an answer has status {@code 200} and
 * {@code Content-Type: application/json}, and the connection stays usable afterwards. The
 * answers that end by closing the connection (a stalled or cut body, an endless body at its
 * limit) close it without a proper end of the body, so a client sees the body break off.
 *
 * <pre>{@code
 * emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.truncatedJson());
 * emulator.faults().answerNext(1, BadAnswer.hugeBody(100L << 20));
 * emulator.faults().answerNext(1, BadAnswer.redirect("http://elsewhere.example/v1/batches"));
 * }</pre>
 *
 * <p>Instances are immutable and compare equal when they describe the same answer.
 *
 * @since 0.2
 */
public final class BadAnswer {

    /** How long an endless body goes on, and a stalled one stays silent, unless told otherwise. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(10);

    private final WrongAnswer answer;

    private BadAnswer(WrongAnswer answer) {
        this.answer = answer;
    }

    /**
     * Returns an answer whose body is not JSON: {@code {"id": oops}}.
     *
     * @return the answer
     */
    public static BadAnswer invalidJson() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.INVALID_JSON));
    }

    /**
     * Returns an answer whose body is a valid batch object cut in the middle; its
     * {@code Content-Length} is the length of what is sent, so the HTTP message is complete.
     *
     * @return the answer
     */
    public static BadAnswer truncatedJson() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.TRUNCATED_JSON));
    }

    /**
     * Returns an HTML error page, {@code Content-Type: text/html; charset=utf-8}, as a proxy
     * sends one, with the given status: {@code 200} for a page that claims success, {@code 502}
     * for a gateway error.
     *
     * @param status the status, 200 to 599
     * @return the answer
     * @throws IllegalArgumentException if status is out of range
     */
    public static BadAnswer htmlPage(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599: " + status);
        }
        return new BadAnswer(WrongAnswer.html(status));
    }

    /**
     * Returns a {@code 200} with {@code Content-Length: 0}.
     *
     * @return the answer
     */
    public static BadAnswer emptyBody() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.EMPTY));
    }

    /**
     * Returns a JSON array where an object belongs: {@code [1,2,3]}.
     *
     * @return the answer
     */
    public static BadAnswer jsonArray() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.ARRAY));
    }

    /**
     * Returns a JSON object whose fields have the wrong types:
     * {@code {"id": 42, "status": {"x": 1}, "created_at": true}}.
     *
     * @return the answer
     */
    public static BadAnswer wrongTypes() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.WRONG_TYPES));
    }

    /**
     * Returns a valid JSON object of exactly {@code bytes} bytes,
     * {@code {"id":"b_huge","padding":"xxx…"}}, sent chunked (without a {@code Content-Length}),
     * so only a client that counts what it reads can stop early. The emulator streams it from a
     * small buffer and stops writing when the client leaves.
     *
     * @param bytes the body size, at least 28
     * @return the answer
     * @throws IllegalArgumentException if bytes is too small
     */
    public static BadAnswer hugeBody(long bytes) {
        if (bytes < WrongAnswer.HUGE_MIN) {
            throw new IllegalArgumentException("bytes must be at least " + WrongAnswer.HUGE_MIN + ": " + bytes);
        }
        return new BadAnswer(WrongAnswer.huge(bytes));
    }

    /**
     * Returns a body that never ends, for up to {@link #DEFAULT_LIMIT}.
     *
     * @return the answer
     * @see #endlessBody(Duration)
     */
    public static BadAnswer endlessBody() {
        return endlessBody(DEFAULT_LIMIT);
    }

    /**
     * Returns a body that never ends: the headers (chunked, no {@code Content-Length}), then one
     * space every 100 ms, so a read timeout longer than that never fires. It ends when the client
     * closes the connection, when the emulator is closed, or after {@code limit}, when the
     * emulator closes the connection without ending the body.
     *
     * @param limit how long at most, positive, at most a day
     * @return the answer
     * @throws IllegalArgumentException if limit is out of range
     */
    public static BadAnswer endlessBody(Duration limit) {
        return new BadAnswer(WrongAnswer.lasting(WrongAnswer.Kind.ENDLESS, positive(limit, "limit")));
    }

    /**
     * Returns a body that stalls for {@link #DEFAULT_LIMIT}.
     *
     * @return the answer
     * @see #stalledBody(Duration)
     */
    public static BadAnswer stalledBody() {
        return stalledBody(DEFAULT_LIMIT);
    }

    /**
     * Returns a body that stalls: the headers with the {@code Content-Length} of a whole batch
     * object, the first half of that object, then silence. After {@code silence}, or when the
     * emulator is closed, the emulator closes the connection.
     *
     * <p>The emulator cannot tell when a client gives up during the silence (the JDK's HTTP
     * server does not say), so one of its threads waits for the whole {@code silence} unless the
     * emulator is closed first.
     *
     * @param silence how long to stay silent, positive, at most a day
     * @return the answer
     * @throws IllegalArgumentException if silence is out of range
     */
    public static BadAnswer stalledBody(Duration silence) {
        return new BadAnswer(WrongAnswer.lasting(WrongAnswer.Kind.STALLED, positive(silence, "silence")));
    }

    /**
     * Returns a body cut mid-way: the headers with the {@code Content-Length} of a whole batch
     * object, the first half of it, then the connection closes at once.
     *
     * @return the answer
     */
    public static BadAnswer cutBody() {
        return new BadAnswer(WrongAnswer.of(WrongAnswer.Kind.CUT));
    }

    /**
     * Returns a {@code 302 Found} with {@code Location: location} and an empty body
     * ({@code Content-Length: 0}).
     *
     * @param location the value of {@code Location}, absolute or relative, without control
     *     characters
     * @return the answer
     * @throws IllegalArgumentException if location is empty or holds a control character
     */
    public static BadAnswer redirect(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isEmpty() || location.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("location must be non-empty, without control characters");
        }
        return new BadAnswer(WrongAnswer.redirect(location));
    }

    /**
     * Returns the status this answer sends.
     *
     * @return for example {@code 200}, {@code 502} or {@code 302}
     */
    public int status() {
        return answer.status();
    }

    WrongAnswer answer() {
        return answer;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most a day: " + d);
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BadAnswer && ((BadAnswer) o).answer.equals(answer);
    }

    @Override
    public int hashCode() {
        return answer.hashCode();
    }

    /**
     * Returns a short description, such as {@code BadAnswer[truncated JSON]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "BadAnswer[" + answer + "]";
    }
}
