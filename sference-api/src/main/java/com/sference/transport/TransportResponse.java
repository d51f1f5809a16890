package com.sference.transport;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response whose headers have arrived and whose body is read as a stream.
 *
 * <p>Closing it releases the connection: after the body was read to its end the connection may be
 * reused; closing earlier aborts the exchange. Close it in every case.
 *
 * @since 0.1
 */
public interface TransportResponse extends AutoCloseable {

    /** {@return the HTTP status code} */
    int status();

    /** {@return the headers by lower-case name} */
    Map<String, List<String>> headers();

    /**
     * {@return the first value of header {@code name} (any case), if present}
     *
     * @param name the header's name
     */
    default Optional<String> header(String name) {
        List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * {@return the body, streamed from the connection} Reading it may block and may throw
     * {@link java.io.IOException}; it can be read only once.
     */
    InputStream body();

    /**
     * {@return a response of {@code status}, {@code headers} and {@code body}} Header names are
     * lower-cased, and the values of names that differ only in case are merged in order; closing the
     * response closes {@code body} and never throws. Transports hand these out, with a body whose
     * {@code close()} releases or aborts the exchange.
     *
     * @param status the HTTP status
     * @param headers the headers by name, in any case
     * @param body the body, streamed from the connection
     */
    static TransportResponse of(int status, Map<String, ? extends List<String>> headers, InputStream body) {
        return new StreamedResponse(status, Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(body, "body"));
    }

    /** Releases the connection; never throws. */
    @Override
    void close();
}
