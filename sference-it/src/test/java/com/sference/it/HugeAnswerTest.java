package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.model.InferenceRequest;
import com.sference.testkit.BadAnswer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A 100 MB answer where a small object belongs fails typed in a JVM with a 64 MiB heap, never out of memory. */
@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class HugeAnswerTest extends EmulatorPerClass {

    @Test
    void aHundredMegabyteAnswerFailsTypedWithA64MiBHeap() throws Exception {
        String id = client.batches().submit(List.of(InferenceRequest.chat("r", MODEL, "hi"))).id();
        emulator.faults().on("GET", "/v1/batches/").answerNext(1, BadAnswer.hugeBody(100L * 1024 * 1024));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), HugeAnswerMain.class.getName(),
                emulator.baseUrl(), emulator.apiKey(), transport, id);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not finish");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("failed UnexpectedResponseException HTTP 200: the answer is larger than the "
                + 16 * 1024 * 1024 + "-byte cap"), output);
        emulator.faults().reset();
    }
}
