package com.sference.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.TransportException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TransportTest {

    private static final TransportRequest REQUEST =
            TransportRequest.newBuilder("GET", URI.create("http://127.0.0.1:1/v1/batches")).build();

    @Test
    void executeReturnsTheResponseOfSend() {
        Response response = new Response();
        assertSame(response, transport(() -> CompletableFuture.completedFuture(response)).execute(REQUEST));
    }

    @Test
    void executeThrowsTheTransportExceptionUnwrapped() {
        TransportException failure = new TransportException("GET", REQUEST.uri(), "refused", null);
        Transport failing = transport(() -> CompletableFuture.failedFuture(failure));

        assertSame(failure, assertThrows(TransportException.class, () -> failing.execute(REQUEST)));
    }

    @Test
    void interruptedExecuteCancelsTheExchangeKeepsTheFlagAndThrows() {
        CompletableFuture<TransportResponse> pending = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        try {
            TransportException e = assertThrows(TransportException.class, () -> transport(() -> pending).execute(REQUEST));

            assertTrue(Thread.currentThread().isInterrupted());
            assertTrue(pending.isCancelled());
            assertTrue(e.getMessage().contains("GET " + REQUEST.uri()), e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void interruptedExecuteClosesAResponseThatArrivedAnyway() {
        Response late = new Response();
        CompletableFuture<TransportResponse> future = new CompletableFuture<>() {
            @Override
            public TransportResponse get() throws InterruptedException {
                complete(late); // arrives just as the caller is interrupted
                throw new InterruptedException();
            }
        };
        try {
            assertThrows(TransportException.class, () -> transport(() -> future).execute(REQUEST));
            assertTrue(late.closed.get());
        } finally {
            Thread.interrupted();
        }
    }

    private static Transport transport(Supplier<CompletableFuture<TransportResponse>> answer) {
        return new Transport() {
            @Override
            public CompletableFuture<TransportResponse> send(TransportRequest request) {
                return answer.get();
            }

            @Override
            public String name() {
                return "lambda";
            }

            @Override
            public void close() {}
        };
    }

    private static final class Response implements TransportResponse {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public int status() {
            return 200;
        }

        @Override
        public Map<String, List<String>> headers() {
            return Map.of();
        }

        @Override
        public InputStream body() {
            return InputStream.nullInputStream();
        }

        @Override
        public void close() {
            assertFalse(closed.getAndSet(true), "closed twice");
        }
    }
}
