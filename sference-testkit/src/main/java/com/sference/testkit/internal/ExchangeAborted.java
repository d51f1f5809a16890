package com.sference.testkit.internal;

/**
 * Thrown out of the HTTP handler to make the JDK server close the connection at once, without
 * ending the response properly: no final chunk, no missing bytes of a declared length. The JDK
 * server closes the connection of an exchange whose handler throws before the response is
 * complete; closing the exchange instead would end a chunked body cleanly.
 */
final class ExchangeAborted extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExchangeAborted() {
        super("connection closed on purpose by an injected fault", null, false, false);
    }
}
