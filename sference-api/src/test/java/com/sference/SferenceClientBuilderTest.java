package com.sference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SferenceClientBuilderTest {
    @Test
    void fromEnvTakesKeyAndBaseUrlWhereSet() {
        SferenceClient.Builder builder = SferenceClient.builder()
                .fromEnv(Map.of("SFERENCE_API_KEY", " sk_env ", "SFERENCE_BASE_URL", "http://127.0.0.1:9")::get);
        assertEquals("sk_env", builder.apiKey);
        assertEquals("http://127.0.0.1:9", builder.baseUrl);
    }

    @Test
    void fromEnvKeepsTheDefaultsWhereUnset() {
        SferenceClient.Builder builder = SferenceClient.builder().fromEnv(Map.of("SFERENCE_API_KEY", " ")::get);
        assertNull(builder.apiKey);
        assertEquals(SferenceClient.DEFAULT_BASE_URL, builder.baseUrl);
    }

    @Test
    void maxRetriesChangesOnlyTheRetryCount() {
        SferenceClient.Builder builder = SferenceClient.builder().maxRetries(5);
        assertEquals(5, builder.retry.maxRetries());
        assertEquals(RetryOptions.DEFAULT.baseDelay(), builder.retry.baseDelay());
    }
}
