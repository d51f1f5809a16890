package com.sference.it;

import com.sference.SferenceClient;
import com.sference.SferenceException;

/**
 * Gets one batch and prints {@code answered <id>} or {@code failed <exception class>}; run in a
 * child JVM with a small heap by {@link HugeAnswerTest} while the server sends a huge answer.
 */
public final class HugeAnswerMain {
    private HugeAnswerMain() {}

    public static void main(String[] args) {
        try (SferenceClient client = SferenceClient.builder().baseUrl(args[0]).apiKey(args[1]).transport(args[2])
                .maxRetries(0).build()) {
            System.out.println("answered " + client.batches().get(args[3]).id());
        } catch (SferenceException e) {
            System.out.println("failed " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
