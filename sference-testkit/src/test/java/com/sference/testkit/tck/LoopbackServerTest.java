package com.sference.testkit.tck;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {

    private LoopbackServer server;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Reads one response with {@code Content-Length} and returns its head and body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in the head: " + head.toString(ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), ISO_8859_1);
    }

    @Test
    void recordsRequestsAndKeepsTheConnectionForTheNext() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /up?x=1 HTTP/1.1\r\nHost: h\r\nX-Multi: a\r\nX-Multi: b\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /second HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(US_ASCII));
            String first = readResponse(socket.getInputStream());
            String second = readResponse(socket.getInputStream());

            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            assertTrue(first.endsWith("\r\n\r\nhello"), first);
            assertTrue(first.contains("X-Body-Size: 5\r\n"), first);
            assertTrue(second.startsWith("HTTP/1.1 200 OK\r\n"), second);
        }
        LoopbackServer.Received post = server.takeRequest();
        assertEquals("POST", post.method());
        assertEquals("/up?x=1", post.target());
        assertEquals("/up", post.path());
        assertEquals("HTTP/1.1", post.protocol());
        assertEquals(List.of("a", "b"), post.headers().get("x-multi"));
        assertEquals(Optional.of("5"), post.header("Content-Length"));
        assertEquals("hello", post.bodyText());
        assertEquals(1, post.connection());
        assertEquals("/second", server.takeRequest().path());
        assertEquals(1, server.connections());
        assertEquals(5, server.bodyBytesReceived());
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n").getBytes(US_ASCII));
            readResponse(socket.getInputStream());
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals("abcde", seen.bodyText());
        assertEquals(Optional.of("chunked"), seen.header("transfer-encoding"));
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(in.readNBytes(25), US_ASCII));
            out.write("ok".getBytes(US_ASCII));
            assertTrue(readResponse(in).endsWith("ok"));
        }
    }

    @Test
    void keepsTheFirstMebibyteOfABodyButCountsAndChecksumsAll() throws Exception {
        byte[] body = new byte[LoopbackServer.KEPT_BODY_BYTES + 10];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(US_ASCII));
            socket.getOutputStream().write(body);
            String answer = readResponse(socket.getInputStream());
            assertTrue(answer.endsWith("\r\n\r\n"), "a body not kept whole is not echoed");
        }
        LoopbackServer.Received seen = server.takeRequest();
        assertEquals(body.length, seen.bodySize());
        assertEquals(crc.getValue(), seen.bodyCrc32());
        assertEquals(LoopbackServer.KEPT_BODY_BYTES, seen.body().length);
    }

    @Test
    void keepsHeaderBytesAsLatin1BothWays() throws Exception {
        byte[] utf8 = "é✓".getBytes(UTF_8);
        server.handle("/h", exchange -> exchange.respond(200, new byte[0], "X-Back", exchange.request().header("x-in").orElseThrow()));
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /h HTTP/1.1\r\nHost: h\r\nX-In: ".getBytes(US_ASCII));
            out.write(utf8);
            out.write("\r\n\r\n".getBytes(US_ASCII));
            assertTrue(readResponse(socket.getInputStream()).contains("X-Back: " + new String(utf8, ISO_8859_1) + "\r\n"));
        }
        assertEquals(Optional.of(new String(utf8, ISO_8859_1)), server.takeRequest().header("x-in"));
    }

    @Test
    void noticesAClientThatClosesWhileAResponseIsHeld() throws Exception {
        server.handle("/hold", exchange -> exchange.holdUntilClientCloses(Duration.ofSeconds(10)));
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII));
            server.takeRequest();
            assertFalse(server.awaitClientClose(1, Duration.ofMillis(100)));
        }
        assertTrue(server.awaitClientClose(1, Duration.ofSeconds(5)));
    }

    @Test
    void cutsAResponseShortWhenTheHandlerClosesTheConnection() throws Exception {
        server.handle("/cut", exchange -> {
            exchange.writeHead(200, "Content-Length", "100");
            exchange.write("partial".getBytes(US_ASCII));
            exchange.closeConnection();
        });
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /cut HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII));
            byte[] all = socket.getInputStream().readAllBytes();
            assertTrue(new String(all, US_ASCII).endsWith("\r\n\r\npartial"));
        }
        assertFalse(server.awaitClientClose(1, Duration.ofMillis(200)), "the server closed it, not the client");
    }

    @Test
    void writesChunkedBodiesAndBodilessStatuses() throws Exception {
        server.handle("/chunks", exchange -> {
            exchange.writeHead(200, "Transfer-Encoding", "chunked");
            exchange.writeChunk("ab".getBytes(US_ASCII));
            exchange.endChunks();
        });
        server.handle("/none", exchange -> exchange.respond(204, new byte[0]));
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /chunks HTTP/1.1\r\nHost: h\r\n\r\nGET /none HTTP/1.1\r\nHost: h\r\n\r\n"
                    .getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n";
            assertEquals(chunked, new String(in.readNBytes(chunked.length()), US_ASCII));
            assertEquals("HTTP/1.1 204 No Content\r\n\r\n", readResponse(in));
        }
    }

    @Test
    void closingStopsListeningAndEndsOpenConnections() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /a HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII));
            readResponse(socket.getInputStream());

            server.close();

            assertEquals(-1, socket.getInputStream().read());
        }
        assertThrows(ConnectException.class, this::connect);
        server.close();
    }

    @Test
    void startsWithNoConnectionsOrRequests() {
        assertEquals(List.of(), server.requests());
        assertEquals(0, server.connections());
        assertEquals(0, server.bodyBytesReceived());
    }
}
