package com.sference.testkit.tck;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/** Reads HTTP/1.1 requests for {@link LoopbackServer}: head, then a body by length or chunked. */
final class RequestReader {

    private static final int MAX_HEAD_BYTES = 1024 * 1024;

    private final AtomicLong bodyBytes;

    /** Creates a reader that adds every body byte it reads to {@code bodyBytes}. */
    RequestReader(AtomicLong bodyBytes) {
        this.bodyBytes = bodyBytes;
    }

    /** Reads a request line and headers, up to the empty line; null at a clean end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        for (;;) {
            int b = in.read();
            if (b < 0) {
                if (lines.isEmpty() && line.size() == 0) {
                    return null;
                }
                throw new EOFException("end of stream inside a request head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                line.reset();
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // a stray CRLF between requests
                    }
                    return lines;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
    }

    /**
     * Reads the head of the next request (request line and headers); null at a clean end of
     * stream before it. The result has an empty body: {@link #readBody} reads it.
     *
     * @param connection the number of the connection it arrives on
     * @param in the connection's input
     */
    LoopbackServer.Received readHead(int connection, InputStream in) throws IOException {
        List<String> head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] requestLine = head.get(0).split(" ", 3);
        if (requestLine.length != 3) {
            throw new IOException("bad request line: " + head.get(0));
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line");
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return new LoopbackServer.Received(connection, requestLine[0], requestLine[1], requestLine[2],
                Collections.unmodifiableMap(headers), new byte[0], 0, new CRC32().getValue());
    }

    /**
     * Reads the body of the request whose head is {@code head}, answering {@code Expect:
     * 100-continue} first, and returns the whole request.
     *
     * @param head what {@link #readHead} returned
     * @param in the connection's input
     * @param out the connection's output, for {@code 100 Continue}
     */
    LoopbackServer.Received readBody(LoopbackServer.Received head, InputStream in, OutputStream out) throws IOException {
        String transferEncoding = head.header("transfer-encoding").orElse(null);
        String contentLength = head.header("content-length").orElse(null);
        if (head.header("expect").filter("100-continue"::equalsIgnoreCase).isPresent()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        BodySink body = new BodySink();
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            readChunked(in, body);
        } else if (contentLength != null) {
            long length = Long.parseLong(contentLength.trim());
            copy(in, body, length);
        }
        return new LoopbackServer.Received(head.connection(), head.method(), head.target(), head.protocol(),
                head.headers(), body.kept.toByteArray(), body.size, body.crc.getValue());
    }

    private void readChunked(InputStream in, BodySink body) throws IOException {
        for (;;) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers are ignored
                }
                return;
            }
            copy(in, body, size);
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void copy(InputStream in, BodySink body, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("end of stream inside a request body");
            }
            body.write(buffer, n);
            bodyBytes.addAndGet(n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("end of stream inside a chunked body");
            }
            if (line.size() > 8192) {
                throw new IOException("chunk line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Counts, checksums and keeps the first {@link LoopbackServer#KEPT_BODY_BYTES} of a request body. */
    private static final class BodySink {
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final CRC32 crc = new CRC32();
        long size;

        void write(byte[] bytes, int length) {
            crc.update(bytes, 0, length);
            size += length;
            int room = LoopbackServer.KEPT_BODY_BYTES - kept.size();
            if (room > 0) {
                kept.write(bytes, 0, Math.min(room, length));
            }
        }
    }
}
