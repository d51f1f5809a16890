package com.sference.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.ApiException;
import com.sference.AuthenticationException;
import com.sference.BadRequestException;
import com.sference.ConflictException;
import com.sference.InternalServerException;
import com.sference.NotFoundException;
import com.sference.PermissionDeniedException;
import com.sference.RateLimitException;
import com.sference.UnprocessableEntityException;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMapperTest {
    private static final TransportRequest REQUEST = TransportRequest.newBuilder("GET",
            URI.create("http://127.0.0.1:9/v1/batches/b_1")).header("authorization", "Bearer sk_secret").build();

    private static ApiException map(int status, String body, Map<String, List<String>> headers) {
        TransportResponse response = TransportResponse.of(status, headers,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return ErrorMapper.toException(REQUEST, response, Instant.parse("2026-11-24T00:00:00Z"));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, BadRequestException.class), Arguments.of(401, AuthenticationException.class),
                Arguments.of(403, PermissionDeniedException.class), Arguments.of(404, NotFoundException.class),
                Arguments.of(409, ConflictException.class), Arguments.of(422, UnprocessableEntityException.class),
                Arguments.of(429, RateLimitException.class), Arguments.of(500, InternalServerException.class),
                Arguments.of(503, InternalServerException.class), Arguments.of(413, ApiException.class));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void mapsEachStatusToItsException(int status, Class<? extends ApiException> type) {
        ApiException e = map(status, "{\"detail\":\"nope\"}", Map.of());
        assertEquals(type, e.getClass());
        assertEquals(status, e.status());
        assertEquals("nope", e.detail());
        assertEquals("HTTP " + status + ": nope (GET http://127.0.0.1:9/v1/batches/b_1)", e.getMessage());
        assertTrue(!e.getMessage().contains("sk_secret") && !e.body().contains("sk_secret"));
    }

    @Test
    void joinsValidationErrorsWithTheirLocation() {
        ApiException e = map(422, "{\"detail\":[{\"loc\":[\"body\",\"temperature\"],\"msg\":\"must be <= 2\",\"type\":\"value_error\"},"
                + "{\"loc\":[\"body\",\"input\"],\"msg\":\"field required\",\"type\":\"missing\"}]}", Map.of());
        assertInstanceOf(UnprocessableEntityException.class, e);
        assertEquals("body.temperature: must be <= 2; body.input: field required", e.detail());
    }

    @Test
    void fallsBackToOpenAiErrorMessageThenToText() {
        assertEquals("bad key", map(401, "{\"error\":{\"message\":\"bad key\",\"type\":\"auth\"}}", Map.of()).detail());
        assertEquals("Bad Gateway", map(502, "Bad Gateway\n", Map.of()).detail());
        assertEquals("no detail (status 500)", map(500, "", Map.of()).detail());
    }

    @Test
    void keepsRetryAfterAndRequestId() {
        ApiException e = map(429, "{\"detail\":\"slow down\"}",
                Map.of("retry-after", List.of("7"), "x-request-id", List.of("req-1")));
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertEquals("req-1", e.requestId().orElseThrow());
        assertTrue(e.isTransient());
    }

    @Test
    void boundsTheKeptBody() {
        ApiException e = map(500, "x".repeat(100_000), Map.of());
        assertEquals(ApiException.MAX_BODY_CHARS + 3, e.body().length());
        assertTrue(e.detail().length() <= 503);
    }
}
