package com.sference.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The curl flow of the Python SDK's README, with {@code X-API-Key}; skipped without curl. */
class CurlTest {

    @RegisterExtension
    static final SferenceEmulatorExtension EMULATOR = new SferenceEmulatorExtension(
            EmulatorOptions.builder().stepDelay(Duration.ofMillis(20)).build());

    private static Path curl;

    @BeforeAll
    static void findCurl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "curl");
            if (Files.isExecutable(candidate)) {
                curl = candidate;
                return;
            }
        }
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(curl.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void readmeCurlFlowWithXApiKey(SferenceEmulator emulator) throws Exception {
        assumeTrue(curl != null, "curl is not installed");
        String base = emulator.baseUrl();
        String token = emulator.apiKey();
        String created = run("-sS", "-X", "POST", base + "/v1/responses",
                "-H", "X-API-Key: " + token,
                "-H", "Content-Type: application/json",
                "-d", "{\n\"model\": \"Qwen/Qwen2.5-7B-Instruct\",\n\"input\": [{\"role\": \"user\", \"content\": \"Hello\"}],\n"
                        + "\"metadata\": {\"completion_window\": \"24h\"}\n}");
        String rid = JsonParser.parseString(created).getAsJsonObject().get("id").getAsString();
        JsonObject[] last = new JsonObject[1];
        Http.await("completion", Duration.ofSeconds(10), () -> {
            try {
                last[0] = JsonParser.parseString(run("-sS", base + "/v1/responses/" + rid, "-H", "X-API-Key: " + token))
                        .getAsJsonObject();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return last[0].get("status").getAsString().equals("completed");
        });
        assertEquals("echo: Hello",
                last[0].getAsJsonArray("output").get(0).getAsJsonObject().get("text").getAsString());
        assertTrue(emulator.requests().stream().allMatch(r -> r.header("user-agent").orElse("").startsWith("curl/")));
    }
}
