package com.sference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.InternalServerException;
import com.sference.RateLimitException;
import com.sference.SferenceClient;
import com.sference.TransportException;
import com.sference.model.Batch;
import com.sference.model.InferenceRequest;
import com.sference.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("com.sference.it.Transports#names")
class RetriesTest extends EmulatorPerClass {

    @AfterEach
    void clearFaults() {
        emulator.faults().reset();
    }

    private List<RecordedRequest> batchPosts() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/batches")).toList();
    }

    @Test
    void retries503ThenSucceedsWithOneIdempotencyKey() {
        emulator.clearRequests();
        emulator.faults().failNext(2, 503);
        Batch batch = client.batches().submit(List.of(InferenceRequest.chat("r", MODEL, "retry me")));
        assertEquals(1, batch.requestCount());
        List<RecordedRequest> posts = batchPosts();
        assertEquals(3, posts.size());
        assertEquals(1, posts.stream().map(r -> r.header("idempotency-key").orElseThrow()).distinct().count());
    }

    @Test
    void honoursRetryAfterOn429() {
        emulator.clearRequests();
        emulator.faults().failNext(1, 429, Duration.ofSeconds(1));
        long start = System.nanoTime();
        assertEquals(0, client.batches().list().stream().filter(b -> b.id().isEmpty()).count());
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 900, "retried after " + waitedMs + " ms, before Retry-After");
        assertEquals(2, emulator.requests().size());
    }

    @Test
    void surfacesTheLastErrorWhenRetriesRunOut() {
        emulator.faults().failNext(3, 503);
        InternalServerException e = assertThrows(InternalServerException.class, () -> client.batches().list());
        assertEquals(503, e.status());
    }

    @Test
    void a429WithoutRetriesLeftIsARateLimitErrorCarryingRetryAfter() {
        try (SferenceClient noRetries = Transports.builder(emulator, transport).maxRetries(0).build()) {
            emulator.faults().failNext(1, 429, Duration.ofSeconds(2));
            RateLimitException e = assertThrows(RateLimitException.class, () -> noRetries.batches().list());
            assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        }
    }

    @Test
    void retriesADroppedConnection() {
        emulator.clearRequests();
        emulator.faults().dropNext(1);
        Batch batch = client.batches().submit(List.of(InferenceRequest.chat("d", MODEL, "dropped once")));
        assertFalse(batch.id().isEmpty());
        assertEquals(2, batchPosts().size());
        assertEquals(1, client.batches().list().stream().filter(b -> b.id().equals(batch.id())).count());
    }

    @Test
    void connectionsDroppedEveryTimeEndInATransportException() {
        emulator.faults().dropNext(50); // more than any transport resends on its own
        TransportException e = assertThrows(TransportException.class, () -> client.batches().list());
        assertEquals("GET", e.method());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void aRetriedPostIsNotDuplicatedWhenTheFirstAnswerWasLost() {
        // The emulator remembers the key: a replay of the same POST returns the first batch.
        emulator.clearRequests();
        int before = client.batches().list().size();
        emulator.faults().failNext(1, 502);
        client.batches().submit(List.of(InferenceRequest.chat("once", MODEL, "x")));
        assertEquals(before + 1, client.batches().list().size());
        assertInstanceOf(String.class, batchPosts().get(0).header("idempotency-key").orElseThrow());
    }
}
