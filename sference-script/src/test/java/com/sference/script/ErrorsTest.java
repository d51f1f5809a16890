package com.sference.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sference.ApiException;
import com.sference.SferenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static ApiException api(int status, String detail) {
        return ApiException.from(new ApiException.Details(status, detail, "{}", "GET",
                URI.create("http://127.0.0.1:1/v1/batches/b_1"), "req_1", null));
    }

    @Test
    void anAnswerOfTheServerShowsStatusReasonAndDetailOnly() {
        assertEquals("error: HTTP 404 Not Found: Batch not found: b_1", Errors.line(api(404, "Batch not found: b_1")));
        assertEquals("error: HTTP 422 Unprocessable Entity: body.model: required", Errors.line(api(422, "body.model: required")));
        assertEquals("error: HTTP 418: teapot", Errors.line(api(418, "teapot")));
    }

    @Test
    void otherFailuresShowTheirMessage() {
        assertEquals("error: connection refused (GET http://x)", Errors.line(new SferenceException("connection refused (GET http://x)")));
        assertEquals("error: no batch given", Errors.line(new IllegalArgumentException("no batch given")));
        assertEquals("error: cannot start: Address in use",
                Errors.line(new UncheckedIOException("cannot start", new IOException("Address in use"))));
    }

    @Test
    void unexpectedFailuresAlsoNameTheirType() {
        assertEquals("error: ArithmeticException: / by zero", Errors.line(new ArithmeticException("/ by zero")));
        assertEquals("error: NullPointerException", Errors.line(new NullPointerException()));
    }
}
