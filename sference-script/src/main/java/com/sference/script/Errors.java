package com.sference.script;

import com.sference.ApiException;
import com.sference.SferenceException;
import java.io.UncheckedIOException;

/** Turns a failure into the one line the shell prints instead of a stack trace. */
final class Errors {
    private Errors() {}

    /**
     * {@return {@code error: HTTP 404 Not Found: <detail>} for an answer of the server,
     * {@code error: <message>} for anything else}
     */
    static String line(RuntimeException failure) {
        if (failure instanceof ApiException) {
            ApiException api = (ApiException) failure;
            String reason = reason(api.status());
            return "error: HTTP " + api.status() + (reason.isEmpty() ? "" : " " + reason) + ": " + api.detail();
        }
        String message = failure.getMessage();
        if (failure instanceof UncheckedIOException && failure.getCause() != null) {
            message = message + ": " + failure.getCause().getMessage();
        }
        boolean known = failure instanceof SferenceException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException || failure instanceof UncheckedIOException;
        if (message == null || message.isBlank()) {
            return "error: " + failure.getClass().getSimpleName();
        }
        return "error: " + (known ? "" : failure.getClass().getSimpleName() + ": ") + Table.shorten(message, 400);
    }

    /** {@return the reason phrase of an HTTP status, or an empty string for one not listed} */
    static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }
}
