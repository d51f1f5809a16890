package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sference.SferenceClient;
import com.sference.model.CreateResponseRequest;
import com.sference.model.Response;
import com.sference.testkit.EmulatorOptions;
import com.sference.testkit.SferenceEmulator;
import com.sference.testkit.SferenceEmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's testing example, as written there, with the transport chosen by the default rule. */
class ReadmeExampleTest {
    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(20)).build());

    @Test
    void answers(SferenceEmulator emulator) {
        try (SferenceClient client = SferenceClient.builder()
                .baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build()) {
            Response done = client.responses().createAndWait(CreateResponseRequest.ask("m", "hi"));
            assertEquals("echo: hi", done.outputText());
        }
    }
}
