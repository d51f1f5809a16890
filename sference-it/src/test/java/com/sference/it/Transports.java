package com.sference.it;

import com.sference.SferenceClient;
import com.sference.internal.client.TransportSelector;
import com.sference.RetryOptions;
import com.sference.testkit.SferenceEmulator;
import com.sference.transport.TransportProvider;
import java.time.Duration;
import java.util.List;

/** The transports on this module's class path, and clients over each of them. */
final class Transports {
    private Transports() {}

    /** {@return the name of every transport found, sorted}: each suite runs once per name. */
    static List<String> names() {
        List<String> names = TransportSelector.discover().stream().map(TransportProvider::name).sorted().toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("no transport on the test class path");
        }
        return names;
    }

    /** {@return a builder for a client of {@code emulator} over {@code transport}, with quick retries} */
    static SferenceClient.Builder builder(SferenceEmulator emulator, String transport) {
        return SferenceClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey(emulator.apiKey())
                .transport(transport)
                .retry(RetryOptions.DEFAULT.withDelays(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    static SferenceClient client(SferenceEmulator emulator, String transport) {
        return builder(emulator, transport).build();
    }
}
