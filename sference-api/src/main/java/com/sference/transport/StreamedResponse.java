package com.sference.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@link TransportResponse} of {@link TransportResponse#of}: a status, headers and a body stream. */
final class StreamedResponse implements TransportResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;

    StreamedResponse(int status, Map<String, ? extends List<String>> headers, InputStream body) {
        this.status = status;
        this.headers = lowerCased(headers);
        this.body = body;
    }

    /** {@return the headers with lower-case names, values of names that differ only in case merged in order} */
    private static Map<String, List<String>> lowerCased(Map<String, ? extends List<String>> headers) {
        Map<String, List<String>> merged = new TreeMap<>();
        headers.forEach((name, values) ->
                merged.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing only releases the connection; a failure to do so leaves nothing for the caller to act on.
        }
    }

    @Override
    public String toString() {
        return "TransportResponse[" + status + "]";
    }
}
