package com.sference.it;

import com.sference.SferenceClient;
import com.sference.model.Batch;
import java.nio.file.Path;

/**
 * Submits one JSONL workload and prints {@code submitted <id> <request count> <max heap MiB>}; run
 * in a child JVM with a small heap by {@link LargeWorkloadTest}.
 */
public final class LargeWorkloadMain {
    private LargeWorkloadMain() {}

    public static void main(String[] args) {
        try (SferenceClient client = SferenceClient.builder().baseUrl(args[0]).apiKey(args[1]).transport(args[4]).build()) {
            Batch batch = client.batches().submit(Path.of(args[2]), args[3]);
            System.out.println("submitted " + batch.id() + " " + batch.requestCount() + " "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }
}
