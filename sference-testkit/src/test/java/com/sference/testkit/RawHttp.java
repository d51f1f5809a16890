package com.sference.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange over a plain socket, for the tests that must see the bytes as sent: the
 * status line and headers parsed, the body left raw (chunk framing included).
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers;

    private RawHttp(Socket socket, InputStream in, int status, Map<String, String> headers) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.headers = headers;
    }

    /** Sends a request with the emulator's key and reads the head of the answer (10 s at most). */
    static RawHttp exchange(SferenceEmulator emulator, String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", emulator.port()), 5000);
            socket.setSoTimeout(10_000);
            String head = method + " " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + emulator.port() + "\r\n"
                    + "Authorization: Bearer " + emulator.apiKey() + "\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String[] lines = readHead(in).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new RawHttp(socket, in, status, headers);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.length() - 4);
    }

    int status() {
        return status;
    }

    /** A header by its lower-case name, or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** The raw body bytes that arrive within {@code wait}, at most {@code max}; stops early at the end of the stream. */
    byte[] readFor(Duration wait, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[8192];
        while (out.size() < max) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()));
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Every raw body byte until the server closes the connection; fails after {@code timeout}. */
    Ended readToEnd(Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
            }
            return new Ended(out.toByteArray(), false);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + timeout + "; got " + out.size() + " bytes");
        } catch (IOException e) {
            return new Ended(out.toByteArray(), true); // a reset also ends the connection
        }
    }

    /** What arrived before the connection ended, and whether it ended with a reset. */
    record Ended(byte[] bytes, boolean reset) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
