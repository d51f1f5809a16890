package com.sference.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as the emulator received it, for tests that assert on what a client sent.
 *
 * <pre>{@code
 * RecordedRequest last = emulator.requests().get(emulator.requests().size() - 1);
 * assertEquals("POST", last.method());
 * assertTrue(last.header("idempotency-key").isPresent());
 * }</pre>
 *
 * @param method the HTTP method, upper case as sent
 * @param path the path and query as sent, for example {@code /v1/responses?limit=5}
 * @param headers the request headers, names in lower case, values in the order sent
 * @param bodySize the number of body bytes received; while the request is still being handled,
 *     the declared {@code Content-Length}, or -1 when it is not known yet
 * @since 0.1
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, long bodySize) {

    /**
     * Creates a recorded request, copying the headers and lower-casing their names.
     *
     * @param method the HTTP method
     * @param path the path and query
     * @param headers the headers
     * @param bodySize the body size, or -1 when unknown
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(headers, "headers");
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> {
                    List<String> joined = new ArrayList<>(a);
                    joined.addAll(b);
                    return List.copyOf(joined);
                }));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, in any case
     * @return the first value, or empty if the header was not sent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns a description with the values of {@code authorization} and {@code x-api-key}
     * redacted.
     *
     * @return a description of this request
     */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>(headers);
        shown.replaceAll((k, v) -> k.equals("authorization") || k.equals("x-api-key") ? "REDACTED" : v);
        return "RecordedRequest[" + method + " " + path + ", headers=" + shown + ", bodySize=" + bodySize + "]";
    }

    /**
     * Returns the path without the query.
     *
     * @return the path, for example {@code /v1/responses}
     */
    public String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
