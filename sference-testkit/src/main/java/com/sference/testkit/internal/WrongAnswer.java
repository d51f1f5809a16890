package com.sference.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An answer that is wrong on the wire, sent instead of handling a request. Not part of the API:
 * use {@code com.sference.testkit.BadAnswer}.
 *
 * @param kind what is wrong
 * @param status the status line's code
 * @param size the body size of {@link Kind#HUGE}, else 0
 * @param limit how long {@link Kind#ENDLESS} and {@link Kind#STALLED} go on, else null
 * @param location the {@code Location} of {@link Kind#REDIRECT}, else null
 */
public record WrongAnswer(Kind kind, int status, long size, Duration limit, String location) {

    /** What is wrong with the answer. */
    public enum Kind {
        /** {@code {"id": oops}}. */
        INVALID_JSON,
        /** A JSON object cut in the middle, with a Content-Length that matches what is sent. */
        TRUNCATED_JSON,
        /** An HTML error page ({@code text/html}) with any status. */
        HTML,
        /** A 200 with {@code Content-Length: 0}. */
        EMPTY,
        /** {@code [1,2,3]}. */
        ARRAY,
        /** An object whose fields have the wrong types. */
        WRONG_TYPES,
        /** A valid JSON object of {@code size} bytes, chunked. */
        HUGE,
        /** Headers, then a space every 100 ms, chunked, until the client leaves or {@code limit}. */
        ENDLESS,
        /** Headers and part of the body, then silence for {@code limit}, then the connection closes. */
        STALLED,
        /** A Content-Length larger than what is sent, then the connection closes. */
        CUT,
        /** A {@code 302} with a {@code Location} and an empty body. */
        REDIRECT
    }

    /** The interval between the bytes of an endless body. */
    static final Duration TRICKLE = Duration.ofMillis(100);

    /** A plausible batch, the base of the truncated, stalled and cut bodies. */
    static final byte[] BATCH = ("{\"id\":\"b_fault\",\"status\":\"pending\",\"window\":\"24h\",\"request_count\":1,"
            + "\"created_at\":\"2026-01-01T00:00:00.000000+00:00\",\"updated_at\":\"2026-01-01T00:00:00.000000+00:00\","
            + "\"completed_at\":null,\"total_prompt_tokens\":0,\"total_completion_tokens\":0,\"total_tokens\":0}")
            .getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HUGE_HEAD = "{\"id\":\"b_huge\",\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HUGE_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    /** The smallest {@link Kind#HUGE} body: its fixed head and tail. */
    public static final long HUGE_MIN = HUGE_HEAD.length + HUGE_TAIL.length;

    /** Validates the components. */
    public WrongAnswer {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * A fault without parameters.
     *
     * @param kind one of the kinds that need none
     * @return the answer
     */
    public static WrongAnswer of(Kind kind) {
        int status = kind == Kind.REDIRECT ? 302 : 200;
        return new WrongAnswer(kind, status, 0, null, null);
    }

    /**
     * An HTML error page.
     *
     * @param status its status
     * @return the answer
     */
    public static WrongAnswer html(int status) {
        return new WrongAnswer(Kind.HTML, status, 0, null, null);
    }

    /**
     * A huge JSON object.
     *
     * @param size its exact size in bytes, at least {@link #HUGE_MIN}
     * @return the answer
     */
    public static WrongAnswer huge(long size) {
        return new WrongAnswer(Kind.HUGE, 200, size, null, null);
    }

    /**
     * A body that never ends, or one that stalls.
     *
     * @param kind {@link Kind#ENDLESS} or {@link Kind#STALLED}
     * @param limit when the emulator gives up and closes the connection
     * @return the answer
     */
    public static WrongAnswer lasting(Kind kind, Duration limit) {
        return new WrongAnswer(kind, 200, 0, limit, null);
    }

    /**
     * A redirect.
     *
     * @param location the {@code Location} value
     * @return the answer
     */
    public static WrongAnswer redirect(String location) {
        return new WrongAnswer(Kind.REDIRECT, 302, 0, null, location);
    }

    /**
     * Writes this answer. Returns once the answer is complete or the client has gone (then with
     * an IOException); throws {@link ExchangeAborted} when the connection must be closed without
     * ending the body properly.
     *
     * @param stopping counted down when the emulator stops
     */
    void send(HttpExchange exchange, CountDownLatch stopping) throws IOException, InterruptedException {
        switch (kind) {
            case INVALID_JSON:
                fixed(exchange, "application/json", ascii("{\"id\": oops}"));
                break;
            case TRUNCATED_JSON:
                fixed(exchange, "application/json", Arrays.copyOf(BATCH, BATCH.length / 2));
                break;
            case HTML:
                fixed(exchange, "text/html; charset=utf-8", htmlPage(status));
                break;
            case EMPTY:
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, -1);
                break;
            case ARRAY:
                fixed(exchange, "application/json", ascii("[1,2,3]"));
                break;
            case WRONG_TYPES:
                fixed(exchange, "application/json", ascii("{\"id\": 42, \"status\": {\"x\": 1}, \"created_at\": true}"));
                break;
            case HUGE:
                huge(exchange, stopping);
                break;
            case ENDLESS:
                endless(exchange, stopping);
                break;
            case STALLED:
                stalled(exchange, stopping);
                break;
            case CUT:
                cut(exchange);
                break;
            case REDIRECT:
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(status, -1);
                break;
            default:
                throw new AssertionError(kind);
        }
    }

    private void fixed(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Streams the body from one small buffer; stops early when the client leaves or the emulator stops. */
    private void huge(HttpExchange exchange, CountDownLatch stopping) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, 0);
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) 'x');
        OutputStream out = exchange.getResponseBody();
        out.write(HUGE_HEAD);
        long left = size - HUGE_MIN;
        while (left > 0) {
            if (stopping.getCount() == 0) {
                throw new ExchangeAborted();
            }
            int n = (int) Math.min(left, filler.length);
            out.write(filler, 0, n);
            left -= n;
        }
        out.write(HUGE_TAIL);
        out.close();
    }

    /** One space every {@link #TRICKLE}; a write fails soon after the client has closed its end. */
    private void endless(HttpExchange exchange, CountDownLatch stopping) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (stopping.await(TRICKLE.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
            out.write(' ');
            out.flush();
        }
        throw new ExchangeAborted();
    }

    /**
     * Sends the first half of {@link #BATCH} under its full Content-Length, then waits. The JDK
     * server gives no signal when the client leaves during the silence, so the wait ends only at
     * {@code limit} or when the emulator stops.
     */
    private void stalled(HttpExchange exchange, CountDownLatch stopping) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, BATCH.length);
        OutputStream out = exchange.getResponseBody();
        out.write(BATCH, 0, BATCH.length / 2);
        out.flush();
        stopping.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        throw new ExchangeAborted();
    }

    /** Declares the whole of {@link #BATCH}, sends half of it, then closes the connection. */
    private void cut(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, BATCH.length);
        OutputStream out = exchange.getResponseBody();
        out.write(BATCH, 0, BATCH.length / 2);
        out.flush();
        throw new ExchangeAborted();
    }

    private static byte[] htmlPage(int status) {
        String title = status + " " + reason(status);
        return ("<!DOCTYPE html>\n<html>\n<head><title>" + title + "</title></head>\n<body>\n<center><h1>" + title
                + "</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 500:
                return "Internal Server Error";
            case 502:
                return "Bad Gateway";
            case 503:
                return "Service Unavailable";
            case 504:
                return "Gateway Time-out";
            default:
                return status < 400 ? "OK" : "Error";
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        switch (kind) {
            case INVALID_JSON:
                return "invalid JSON";
            case TRUNCATED_JSON:
                return "truncated JSON";
            case HTML:
                return "HTML page with status " + status;
            case EMPTY:
                return "empty 200";
            case ARRAY:
                return "JSON array";
            case WRONG_TYPES:
                return "JSON object with wrong types";
            case HUGE:
                return "huge body of " + size + " bytes";
            case ENDLESS:
                return "endless body (for up to " + limit + ")";
            case STALLED:
                return "stalled body (for " + limit + ")";
            case CUT:
                return "body cut mid-way";
            case REDIRECT:
                return "302 to " + location;
            default:
                throw new AssertionError(kind);
        }
    }
}
