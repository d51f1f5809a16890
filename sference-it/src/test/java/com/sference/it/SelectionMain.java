package com.sference.it;

import com.sference.SferenceClient;

/**
 * Builds a client with the default rules and prints {@code transport <name> <module>}, or
 * {@code error <message>}; run in child JVMs by {@link TransportSelectionTest}. An argument, if
 * given, is passed to {@code builder().transport(name)}.
 */
public final class SelectionMain {
    private SelectionMain() {}

    public static void main(String[] args) {
        SferenceClient.Builder builder = SferenceClient.builder().baseUrl("http://127.0.0.1:9");
        if (args.length > 0) {
            builder.transport(args[0]);
        }
        try (SferenceClient client = builder.build()) {
            System.out.println("transport " + client.transportName() + " " + SferenceClient.class.getModule());
        } catch (IllegalStateException e) {
            System.out.println("error " + e.getMessage());
        }
    }
}
