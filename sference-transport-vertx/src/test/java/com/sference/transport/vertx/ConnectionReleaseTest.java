package com.sference.transport.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sference.transport.RequestBody;
import com.sference.transport.TransportConfig;
import com.sference.transport.TransportRequest;
import com.sference.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With a pool of one connection, a call whose request body ends late (after the server may have
 * answered) must leave the connection reusable, or closed and its slot free: the next call goes out.
 */
@Timeout(60)
class ConnectionReleaseTest extends OverLoopback {

    @Override
    TransportConfig config() {
        return TransportConfig.builder().maxConnections(1).build();
    }

    /**
     * A stream of {@code bytes} that reports its end {@code promptEnds} times at once, and after
     * that only once {@code released} (and 100 ms more, for the close of a response to run first).
     */
    private static InputStream lateEnd(byte[] bytes, int promptEnds, CountDownLatch released) {
        return new InputStream() {
            private int position;
            private final AtomicInteger ends = new AtomicInteger();

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position < bytes.length) {
                    int n = Math.min(len, bytes.length - position);
                    System.arraycopy(bytes, position, b, off, n);
                    position += n;
                    return n;
                }
                if (ends.getAndIncrement() >= promptEnds) {
                    try {
                        released.await(10, TimeUnit.SECONDS);
                        Thread.sleep(100); // let the close of the response run first
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                return -1;
            }
        };
    }

    /** The POST's end is ready with its bytes, so the request ends before the answer: one connection serves all. */
    @Test
    void endsAKnownLengthRequestWithItsLastBytesAndReusesTheConnection() throws Exception {
        byte[] two = "two".getBytes(StandardCharsets.US_ASCII);
        CountDownLatch closed = new CountDownLatch(1);
        RequestBody body = RequestBody.ofStream("text/plain", OptionalLong.of(3), true, () -> lateEnd(two, 1, closed));

        try (TransportResponse response = transport.send(TransportRequest.newBuilder("POST", server.uri("/echo"))
                .body(body).build()).get(10, TimeUnit.SECONDS)) {
            assertEquals("two", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
        } finally {
            closed.countDown();
        }
        getTwice();

        int connection = server.takeRequest().connection();
        assertEquals(connection, server.takeRequest().connection(), "the connection of the first GET");
        assertEquals(connection, server.takeRequest().connection(), "the connection of the second GET");
    }

    /**
     * The server answers after part of a streamed body, and the response is read and closed while
     * the request is still unfinished: its connection is closed, and the next calls, with a pool
     * of one connection, go out on a new one.
     */
    @Test
    void freesTheConnectionOfARequestStillSendingWhenItsAnsweredResponseIsClosed() throws Exception {
        byte[] part = new byte[32 * 1024]; // one whole chunk of the upload: sent before the body's end is read
        CountDownLatch closed = new CountDownLatch(1);
        RequestBody body = RequestBody.ofStream("application/octet-stream", OptionalLong.empty(), true, () -> lateEnd(part, 0, closed));
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket early = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = early.accept();
                        int n = connections.incrementAndGet();
                        Thread serving = new Thread(() -> answer(socket, n == 1 ? part.length : -1));
                        serving.setDaemon(true);
                        serving.start();
                    }
                } catch (IOException e) {
                    // Closed.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI base = URI.create("http://127.0.0.1:" + early.getLocalPort());

            try (TransportResponse response = transport.send(TransportRequest.newBuilder("POST", base.resolve("/early"))
                    .body(body).build()).get(10, TimeUnit.SECONDS)) {
                assertEquals("ok", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
            }
            try {
                for (int i = 0; i < 2; i++) {
                    try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", base.resolve("/next")).build())
                            .get(10, TimeUnit.SECONDS)) {
                        assertEquals("ok", new String(response.body().readAllBytes(), StandardCharsets.US_ASCII));
                    }
                }
            } finally {
                closed.countDown();
            }
            assertEquals(2, connections.get());
        }
    }

    /**
     * Serves one connection: with {@code bodyBytes} of at least 0, answers the first request once
     * that many bytes followed its head and never reads on; else answers each request at once.
     */
    private static void answer(Socket socket, int bodyBytes) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                int matched = 0;
                for (int c; matched < 4; ) { // up to the end of the head
                    if ((c = in.read()) < 0) {
                        return;
                    }
                    matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
                }
                if (bodyBytes >= 0) {
                    in.readNBytes(bodyBytes);
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (bodyBytes >= 0) {
                    while (in.read() >= 0) {
                        // Up to the client closing the connection.
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private void getTwice() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (TransportResponse response = transport.send(TransportRequest.newBuilder("GET", server.uri("/echo")).build())
                    .get(10, TimeUnit.SECONDS)) {
                assertEquals(200, response.status());
                response.body().readAllBytes();
            }
        }
    }
}
