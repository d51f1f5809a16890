package com.sference.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sference.NotFoundException;
import com.sference.RetryOptions;
import com.sference.SferenceException;
import com.sference.internal.pipeline.Pipeline;
import com.sference.internal.pipeline.TestPipelines;
import com.sference.model.Batch;
import com.sference.transport.Transport;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiCallerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService io = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
    private final AtomicReference<TransportRequest> seen = new AtomicReference<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    private ApiCaller caller(CompletableFuture<TransportResponse> answer) {
        Transport transport = new Transport() {
            @Override
            public CompletableFuture<TransportResponse> send(TransportRequest request) {
                seen.set(request);
                return answer;
            }

            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public void close() {}
        };
        Pipeline pipeline = TestPipelines.standard(transport, RetryOptions.NONE, "ua", Optional::empty,
                System.getLogger("test"), System.Logger.Level.DEBUG, Clock.systemUTC(), scheduler);
        return new ApiCaller(URI.create("http://127.0.0.1:9"), pipeline, io, Clock.systemUTC(),
                new ApiCaller.CallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty()), new OpenCalls(), scheduler);
    }

    private static TransportResponse response(int status, String body, AtomicBoolean closed) {
        return new TransportResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public Map<String, List<String>> headers() {
                return Map.of();
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    @Test
    void decodesJsonAndClosesTheResponse() {
        AtomicBoolean closed = new AtomicBoolean();
        ApiCaller caller = caller(CompletableFuture.completedFuture(response(200,
                "{\"id\":\"b 1\",\"status\":\"pending\",\"window\":\"24h\",\"request_count\":1}", closed)));
        Batch batch = caller.<Batch>json("GET", "/v1/batches/" + ApiCaller.encode("b 1"), null, Batch.class).join();
        assertEquals("b 1", batch.id());
        assertTrue(closed.get());
        assertEquals(URI.create("http://127.0.0.1:9/v1/batches/b%201"), seen.get().uri());
        assertEquals("application/json", seen.get().header("accept").orElseThrow());
    }

    @Test
    void mapsAnErrorStatusToItsExceptionAndClosesTheResponse() {
        AtomicBoolean closed = new AtomicBoolean();
        ApiCaller caller = caller(CompletableFuture.completedFuture(response(404, "{\"detail\":\"no batch\"}", closed)));
        CompletionException e = assertThrows(CompletionException.class,
                () -> caller.json("GET", "/v1/batches/x", null, Batch.class).join());
        assertInstanceOf(NotFoundException.class, e.getCause());
        assertTrue(closed.get());
    }

    @Test
    void aResponseThatArrivedBeforeTheCallWasCancelledIsClosed() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        io.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicBoolean closed = new AtomicBoolean();
        ApiCaller caller = caller(CompletableFuture.completedFuture(response(200, "{\"id\":\"b\"}", closed)));
        CompletableFuture<Batch> call = caller.json("GET", "/v1/batches/x", null, Batch.class);
        call.cancel(true);
        hold.countDown();
        assertTrue(closed.get(), "closed while the I/O threads were busy");
    }

    @Test
    void encodesQueryValues() {
        ApiCaller caller = caller(CompletableFuture.completedFuture(response(200, "{\"id\":\"b\"}", new AtomicBoolean())));
        caller.json("GET", "/v1/responses", Map.of("stream_id", "a b&c"), null, Batch.class, Duration.ofSeconds(3)).join();
        assertEquals("stream_id=a%20b%26c", seen.get().uri().getRawQuery());
        assertEquals(Duration.ofSeconds(8), seen.get().timeout());
    }

    @Test
    void anEmptySuccessBodyIsASferenceException() {
        ApiCaller caller = caller(CompletableFuture.completedFuture(response(200, "", new AtomicBoolean())));
        CompletionException e = assertThrows(CompletionException.class,
                () -> caller.json("GET", "/v1/batches/x", null, Batch.class).join());
        assertInstanceOf(SferenceException.class, e.getCause());
    }
}
