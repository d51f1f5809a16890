package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.SferenceClient;
import com.sference.model.Batch;
import com.sference.model.BatchResults;
import com.sference.model.InferenceRequest;
import com.sference.model.Response;
import com.sference.model.WaitOptions;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import com.sference.testkit.SferenceEmulatorExtension;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's client over this transport, against the emulator of the whole API. */
@Timeout(30)
class VertxTransportEmulatorTest {
    private static final String MODEL = "Qwen/Qwen2.5-7B-Instruct";
    private static final WaitOptions QUICK = WaitOptions.of(Duration.ofMillis(20), Duration.ofSeconds(20));

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(20)).build());

    private static SferenceClient client(SferenceEmulator emulator, Transport transport) {
        return SferenceClient.builder().baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).transport(transport).build();
    }

    @Test
    void createsAResponseAndWaitsForIt(SferenceEmulator emulator) {
        try (Transport transport = new VertxTransportProvider().create(TransportConfig.defaults());
                SferenceClient client = client(emulator, transport)) {
            Response done = client.responses().createAndWait(
                    com.sference.model.CreateResponseRequest.ask(MODEL, "héllo ✓"), QUICK);
            assertEquals("echo: héllo ✓", done.outputText());
        }
    }

    @Test
    void submitsABatchAndStreamsItsResults(SferenceEmulator emulator) {
        List<InferenceRequest> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            requests.add(InferenceRequest.chat("r-" + i, MODEL, "question " + i));
        }
        try (Transport transport = new VertxTransportProvider().create(TransportConfig.defaults());
                SferenceClient client = client(emulator, transport)) {
            Batch batch = client.batches().submit(requests);
            Batch finished = client.batches().waitForCompletion(batch.id(), QUICK);
            BatchResults results = client.batches().results(finished.id());
            assertEquals(500, results.results().size());

            ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
            long bytes = client.batches().downloadResults(finished.id(), jsonl);
            assertEquals(jsonl.size(), bytes);
            String text = jsonl.toString(StandardCharsets.UTF_8);
            assertEquals(500, text.lines().count());
            assertTrue(text.contains("echo: question 499"), text.substring(0, Math.min(200, text.length())));
        }
    }

    @Test
    void worksOverTheApplicationsOwnVertx(SferenceEmulator emulator) throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (Transport transport = new VertxTransportProvider().create(TransportConfig.builder().nativeClient(vertx).build());
                SferenceClient client = client(emulator, transport)) {
            Response done = client.async().responses().createAndWait(
                    com.sference.model.CreateResponseRequest.ask(MODEL, "async"), QUICK).get();
            assertEquals("echo: async", done.outputText());
        } finally {
            vertx.close();
        }
    }
}
