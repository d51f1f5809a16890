package com.sference.transport;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** {@return the first value of header {@code name} (any case), if present} */
    default Optional<String> header(String name) {
        List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * {@return the body, streamed from the connection} Reading it may block and may throw
     * {@link java.io.IOException}; it can be read only once.
     */
    InputStream body();

    /** Releases the connection; never throws. */
    @Override
    void close();
}
