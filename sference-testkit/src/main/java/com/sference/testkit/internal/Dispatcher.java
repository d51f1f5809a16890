package com.sference.testkit.internal;

import com.sference.testkit.OutputForm;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The one HTTP handler: records the request, applies a pending fault, enforces the body limit,
 * routes, authenticates, runs the endpoint and writes its reply or error (or, for the fault
 * that loses answers, closes the connection instead).
 */
final class Dispatcher implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("com.sference.testkit");

    private final Router router;
    private final Auth auth;
    private final IdempotencyStore idempotency;
    private final FaultInjector faults;
    private final RequestLog log;
    private final long maxBody;
    private final OutputForm outputForm;
    private final CountDownLatch stopping;

    Dispatcher(Router router, Auth auth, IdempotencyStore idempotency, FaultInjector faults, RequestLog log,
            long maxBody, OutputForm outputForm, CountDownLatch stopping) {
        this.router = router;
        this.auth = auth;
        this.idempotency = idempotency;
        this.faults = faults;
        this.log = log;
        this.maxBody = maxBody;
        this.outputForm = outputForm;
        this.stopping = stopping;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
        Headers headers = exchange.getRequestHeaders();
        long declared = contentLength(headers);
        RequestLog.Entry entry = log.record(method, target, copy(headers), declared);
        BodyStream body = null;
        boolean aborted = false;
        try {
            FaultInjector.Fault fault = faults.take(method, rawPath);
            FaultInjector.Fault.Kind kind = fault == null ? null : fault.kind;
            if (kind == FaultInjector.Fault.Kind.DROP) {
                // Closing an exchange before sendResponseHeaders closes its connection: no response at all.
                exchange.close();
                return;
            }
            if (kind == FaultInjector.Fault.Kind.DELAY) {
                Thread.sleep(fault.delay.toMillis());
            }
            Reply reply;
            if (declared > maxBody) {
                reply = ErrorWriter.reply(ApiError.tooLarge(maxBody));
            } else {
                body = new BodyStream(exchange.getRequestBody(), maxBody, digestFor(method, target, headers));
                if (kind == FaultInjector.Fault.Kind.FAIL || kind == FaultInjector.Fault.Kind.ANSWER) {
                    drainQuietly(body);
                    entry.bodySize(body.count());
                    if (kind == FaultInjector.Fault.Kind.FAIL) {
                        send(exchange, injected(fault));
                    } else {
                        answerWrongly(exchange, fault.answer);
                    }
                    return;
                }
                reply = handled(method, rawPath, uri, headers, body);
                entry.bodySize(body.count()); // before the answer: a client that has it finds the final size
            }
            if (kind == FaultInjector.Fault.Kind.DROP_AFTER_HANDLING) {
                exchange.close(); // no response headers yet: the connection closes, the answer is lost
                return;
            }
            send(exchange, reply);
        } catch (ExchangeAborted e) {
            aborted = true;
            throw e; // the JDK server closes the connection of a handler that throws
        } catch (ApiError e) {
            sendQuietly(exchange, ErrorWriter.reply(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection problem during " + method + " " + target, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "emulator failure during " + method + " " + target, e);
            sendQuietly(exchange, ErrorWriter.reply(ApiError.of(500, "internal_error",
                    "emulator failure: " + e)));
        } finally {
            entry.bodySize(body != null ? body.count() : declared);
            if (!aborted) {
                exchange.close();
            }
        }
    }

    /** Routes, authenticates and runs the endpoint; an {@link ApiError} becomes its error reply. */
    private Reply handled(String method, String rawPath, URI uri, Headers headers, BodyStream body)
            throws IOException {
        try {
            Router.Match match = router.match(method, rawPath);
            Access access = match.route().access();
            Principal principal = access == Access.NONE ? null : auth.authenticate(headers, access);
            Call call = new Call(method, rawPath, match.id(), QueryParams.parse(uri.getRawQuery()), headers,
                    principal, body, idempotency, outputForm);
            Reply reply = match.route().endpoint().handle(call);
            body.drain();
            return reply;
        } catch (ApiError e) {
            if (e.status() != 413) {
                drainQuietly(body);
            }
            return ErrorWriter.reply(e);
        }
    }

    /** Sends a wrong answer; a client that leaves, or an emulator that stops, closes the connection. */
    private void answerWrongly(HttpExchange exchange, WrongAnswer answer) {
        try {
            answer.send(exchange, stopping);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client left during an injected " + answer, e);
            throw new ExchangeAborted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeAborted();
        }
    }

    private static Reply injected(FaultInjector.Fault fault) {
        ApiError error = ApiError.of(fault.status, "injected_fault", "injected fault: HTTP " + fault.status);
        Reply reply = ErrorWriter.reply(error);
        if (fault.retryAfter != null) {
            long seconds = fault.retryAfter.getSeconds() + (fault.retryAfter.getNano() > 0 ? 1 : 0);
            reply.header("Retry-After", Long.toString(seconds));
        }
        return reply;
    }

    /** A digest of method, target and body for {@code POST}s with an {@code Idempotency-Key}. */
    private static MessageDigest digestFor(String method, String target, Headers headers) {
        if (!method.equals("POST") || headers.getFirst("Idempotency-Key") == null) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + target + "\n").getBytes(StandardCharsets.UTF_8));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long contentLength(Headers headers) {
        String value = headers.getFirst("Content-Length");
        if (value == null) {
            return headers.getFirst("Transfer-Encoding") == null ? 0 : -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, List<String>> copy(Headers headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return copy;
    }

    private static void drainQuietly(BodyStream body) {
        if (body == null) {
            return;
        }
        try {
            body.drain();
        } catch (IOException | RuntimeException e) {
            // the answer goes out anyway; the connection is closed if the body was not consumed
        }
    }

    private static void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send an error answer", e);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers out = exchange.getResponseHeaders();
        reply.headers().forEach(out::set);
        byte[] bytes = reply.bytes();
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(reply.status(), -1);
        } else if (bytes != null) {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            }
        } else {
            exchange.sendResponseHeaders(reply.status(), 0);
            try (OutputStream os = exchange.getResponseBody()) {
                reply.writer().writeTo(os);
            }
        }
    }
}
