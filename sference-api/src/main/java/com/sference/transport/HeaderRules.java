package com.sference.transport;

import com.sference.TransportException;
import java.util.List;
import java.util.Map;

/**
 * The header rule every transport applies before sending: a value must be printable ASCII
 * (visible characters, spaces and tabs). HTTP libraries differ on anything else (one sends a
 * Latin-1 character as {@code ?}, another sends raw bytes, another refuses), and a CR or LF would
 * let a value inject headers.
 *
 * @since 0.1
 */
public final class HeaderRules {
    private HeaderRules() {}

    /**
     * Checks every header value of {@code request}.
     *
     * @param request the request about to be sent
     * @throws TransportException naming the first offending header, never its value (it may be a
     *     credential)
     */
    public static void check(TransportRequest request) {
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                if (!isPrintableAscii(value)) {
                    throw new TransportException(request.method(), request.uri(),
                            "invalid request header (a value must be printable ASCII): " + header.getKey(), null);
                }
            }
        }
    }

    /**
     * {@return whether {@code value} holds only visible ASCII, spaces and tabs}
     *
     * @param value a header value
     */
    public static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7E)) {
                return false;
            }
        }
        return true;
    }
}
