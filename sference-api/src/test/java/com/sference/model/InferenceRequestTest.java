package com.sference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceRequestTest {
    @Test
    void chatBuildsAStableBody() {
        InferenceRequest request = InferenceRequest.chat("a", "m", "Grüße \"you\"");
        assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße \\\"you\\\"\"}]}", request.body().json());
        assertEquals("m", request.model());
        assertEquals("a", request.customId());
    }

    @Test
    void rejectsABodyWithoutAModel() {
        assertThrows(IllegalArgumentException.class, () -> InferenceRequest.of(null, Map.of("messages", "x")));
        assertThrows(IllegalArgumentException.class, () -> new InferenceRequest(null, new JsonText("{\"model\":\"\"}")));
        assertThrows(IllegalArgumentException.class, () -> new InferenceRequest(null, new JsonText("[1]")));
    }

    @Test
    void rejectsJsonThatIsNotStrict() {
        assertThrows(IllegalArgumentException.class, () -> new InferenceRequest(null, new JsonText("{model:'m'}")));
        assertThrows(IllegalArgumentException.class, () -> new InferenceRequest(null, new JsonText("{\"model\":\"m\"} {}")));
    }
}
