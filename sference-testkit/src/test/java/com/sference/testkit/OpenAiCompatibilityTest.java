package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OpenAI's own Java client creates, polls and validates responses against the emulator. */
class OpenAiCompatibilityTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(100)).build());

    private static OpenAIClient client;

    @BeforeAll
    static void client(SferenceEmulator emulator) {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(emulator.openAiBaseUrl())
                .apiKey(emulator.apiKey())
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void backgroundResponseIsCreatedPolledAndValidated(SferenceEmulator emulator) {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("zai-org/GLM-5")
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                        .role(EasyInputMessage.Role.USER)
                        .content("Hello, world!")
                        .build())))
                .background(true)
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty("completion_window", JsonValue.from("24h"))
                        .build())
                .build();
        Response created = client.responses().create(params).validate();
        assertEquals(ResponseStatus.IN_PROGRESS, created.status().orElseThrow());
        assertTrue(created.output().isEmpty());

        Response[] done = new Response[1];
        Http.await("the response to complete", Duration.ofSeconds(10), () -> {
            done[0] = client.responses().retrieve(created.id()).validate();
            return done[0].status().orElseThrow() != ResponseStatus.IN_PROGRESS;
        });
        Response response = done[0];
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals(created.id(), response.id());
        ResponseOutputText text = response.output().get(0).asMessage().content().get(0).asOutputText();
        assertEquals("echo: Hello, world!", text.text());
        assertEquals(2, response.usage().orElseThrow().inputTokens());
        assertEquals(3, response.usage().orElseThrow().outputTokens());
        assertEquals("24h", response.metadata().orElseThrow()._additionalProperties().get("completion_window")
                .asStringOrThrow());
        assertEquals("java", emulator.requests().get(0).header("x-stainless-lang").orElseThrow());
    }

    /** Why {@link OutputForm#AUTO} exists: OpenAI's validation rejects the flat output items. */
    @Test
    void flatOutputItemsFailOpenAiValidation() {
        try (SferenceEmulator flat = SferenceEmulator.start(EmulatorOptions.builder()
                .stepDelay(Duration.ZERO).outputForm(OutputForm.FLAT).build())) {
            OpenAIClient flatClient = OpenAIOkHttpClient.builder().baseUrl(flat.openAiBaseUrl())
                    .apiKey(flat.apiKey()).maxRetries(0).build();
            try {
                Response response = flatClient.responses().create(ResponseCreateParams.builder()
                        .model("m")
                        .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER).content("flat").build())))
                        .build());
                assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
                assertThrows(OpenAIInvalidDataException.class, response::validate);
            } finally {
                flatClient.close();
            }
        }
    }

    @Test
    void cancelThroughTheOpenAiClient() {
        Response created = client.responses().create(ResponseCreateParams.builder()
                .model("m")
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                        .role(EasyInputMessage.Role.USER).content("stop").build())))
                .background(true)
                .build());
        Response cancelled = client.responses().cancel(created.id()).validate();
        assertEquals(ResponseStatus.CANCELLED, cancelled.status().orElseThrow());
    }
}
