package com.sference.testkit.tck;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on {@code 127.0.0.1}, written on {@link ServerSocket}, for the transport
 * tests that a real server cannot show: it counts connections, sees exactly which bytes arrived
 * (including {@code Content-Length} against {@code Transfer-Encoding: chunked}), and lets a
 * handler hold a response, cut it short, or write headers of any size.
 *
 * <p>Every request is read in full (a chunked body is decoded) and recorded before its handler
 * runs; {@link #takeRequest()} hands the recorded requests out in the order they arrived. A
 * handler is chosen by the request's path (without the query); a path with no handler gets
 * {@code 200} and its own body back. After a handler returns, the connection is kept open for the
 * next request, unless the handler {@linkplain Exchange#closeConnection() closed} it, wrote
 * nothing, or the request asked for {@code Connection: close}. A handler registered with
 * {@link #handleHead} runs as soon as the head has arrived instead, and never lets the server
 * read the body: that is how a server that stops taking an upload looks.
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start()) {
 *     server.handle("/hello", exchange -> exchange.respond(200, "hi"));
 *     // ... send to server.uri("/hello") ...
 *     LoopbackServer.Received seen = server.takeRequest();
 *     assertEquals("GET", seen.method());
 *     assertEquals(1, server.connections());
 * }
 * }</pre>
 *
 * <p>It runs one daemon thread per open connection, at most {@value #MAX_CONNECTIONS} at once
 * (further connections are closed at once), and stops every one of them on {@link #close()}.
 * Instances are thread-safe.
 *
 * @since 0.1
 */
public final class LoopbackServer implements AutoCloseable {

    /** How many connections are served at once; later ones are closed unanswered. */
    public static final int MAX_CONNECTIONS = 128;

    /** How many bytes of each request body are kept for {@link Received#body()}: 1 MiB. */
    public static final int KEPT_BODY_BYTES = 1024 * 1024;

    private static final Duration TAKE_WAIT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Handler> headHandlers = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> untaken = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final RequestReader reader = new RequestReader(bodyBytes);
    private volatile boolean closed;

    private LoopbackServer() throws IOException {
        listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "loopback-server-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        acceptor = new Thread(this::acceptLoop, "loopback-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server on an ephemeral port of {@code 127.0.0.1}.
     *
     * @return the running server; close it when done
     * @throws UncheckedIOException if no port can be bound
     */
    public static LoopbackServer start() {
        try {
            return new LoopbackServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback server", e);
        }
    }

    /**
     * Serves requests for exactly {@code path} (the query is ignored) with {@code handler},
     * replacing an earlier handler for it.
     *
     * @param path a path starting with {@code /}, for example {@code /hold}
     * @param handler what to answer
     * @return this server
     */
    public LoopbackServer handle(String path, Handler handler) {
        Objects.requireNonNull(path, "path");
        handlers.put(path, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Serves requests for exactly {@code path} (the query is ignored) with {@code handler} as
     * soon as their head has arrived, before any of the body is read, replacing an earlier
     * handler for it. The server reads none of the body (and sends no {@code 100 Continue}),
     * so a client writing one finds the connection stop taking bytes once the socket buffers
     * are full; the request is recorded with an empty body. The connection is closed when the
     * handler returns. A handler that waits (on a latch, say) and then calls
     * {@link Exchange#holdUntilClientCloses(Duration)} lets a test see whether the client gave
     * up on the connection: reading then drains what the client had sent.
     *
     * @param path a path starting with {@code /}, for example {@code /stalled-upload}
     * @param handler what to do instead of reading the body
     * @return this server
     */
    public LoopbackServer handleHead(String path, Handler handler) {
        Objects.requireNonNull(path, "path");
        headHandlers.put(path, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Returns the absolute URI of {@code pathAndQuery} on this server.
     *
     * @param pathAndQuery for example {@code /echo?x=1}
     * @return {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery}
     */
    public URI uri(String pathAndQuery) {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Returns how many connections the server has accepted so far.
     *
     * @return the count; connection numbers run from 1 to this
     */
    public int connections() {
        return accepted.get();
    }

    /**
     * Returns how many request body bytes have arrived so far, over every request, counted as
     * they are read (before a request is complete).
     *
     * @return the count
     */
    public long bodyBytesReceived() {
        return bodyBytes.get();
    }

    /**
     * Waits until the client has closed connection number {@code connection}, as seen by the
     * server reading from it (an end of stream or a reset) or writing to it (a reset or a broken
     * pipe). The server notices only while it reads or writes, that is between requests, while a
     * handler writes, or while it waits in {@link Exchange#holdUntilClientCloses(Duration)}.
     *
     * @param connection the connection number, from {@link Received#connection()}
     * @param timeout how long to wait
     * @return whether the client closed it within {@code timeout}
     */
    public boolean awaitClientClose(int connection, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection c;
        while ((c = connections.get(connection)) == null) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        try {
            return c.end.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Returns the next request not taken yet, in the order requests arrived, waiting up to 10
     * seconds for one.
     *
     * @return the request
     * @throws AssertionError if none arrives in time
     */
    public Received takeRequest() {
        try {
            Received next = untaken.poll(TAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("the loopback server received no request within " + TAKE_WAIT.toSeconds() + " s");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a request", e);
        }
    }

    /**
     * Returns every request received so far, taken or not, in the order they arrived.
     *
     * @return an immutable snapshot
     */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** Stops accepting, closes every connection and ends the server's threads; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing left to release
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoopbackServer[" + uri("") + ", " + connections() + " connections]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Connection connection = new Connection(accepted.incrementAndGet(), socket);
            connections.put(connection.number, connection);
            sockets.add(socket);
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                connection.end.complete(false);
                sockets.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Connection connection) {
        Socket socket = connection.socket;
        boolean byClient = false;
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                Received head = reader.readHead(connection.number, in);
                if (head == null) {
                    byClient = true; // end of stream between requests
                    return;
                }
                Handler headHandler = headHandlers.get(head.path());
                Received request = headHandler != null ? head : reader.readBody(head, in, out);
                received.add(request);
                untaken.add(request);
                Exchange exchange = new Exchange(connection, request, in, out);
                if (headHandler != null) {
                    exchange.closed = true; // the unread body leaves the connection unusable
                }
                Handler handler = headHandler != null ? headHandler : handlers.getOrDefault(request.path(), LoopbackServer::echo);
                try {
                    handler.handle(exchange);
                    out.flush();
                } catch (InterruptedException e) {
                    return;
                } catch (SocketException e) {
                    byClient = !closed && !socket.isClosed(); // a write the client's reset or close refused
                    return;
                } catch (Exception e) {
                    return; // a failing handler drops the connection
                }
                if (exchange.clientClosed) {
                    byClient = true;
                    return;
                }
                if (exchange.closed || !exchange.responded
                        || request.header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false)) {
                    return;
                }
            }
        } catch (EOFException | SocketException e) {
            byClient = !closed && !(e instanceof SocketException && socket.isClosed());
        } catch (IOException | RuntimeException e) {
            // a broken request: drop the connection
        } finally {
            sockets.remove(socket);
            closeQuietly(socket);
            connection.end.complete(byClient);
        }
    }

    /** The default handler: {@code 200} with the request's body (when kept whole) and its size and CRC. */
    private static void echo(Exchange exchange) throws IOException {
        Received request = exchange.request();
        byte[] body = request.bodySize() == request.body().length ? request.body() : new byte[0];
        exchange.respond(200, body,
                "Content-Type", request.header("content-type").orElse("application/octet-stream"),
                "X-Body-Size", String.valueOf(request.bodySize()),
                "X-Body-Crc32", String.valueOf(request.bodyCrc32()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection; {@code end} completes with whether the client closed it. */
    private static final class Connection {
        final int number;
        final Socket socket;
        final CompletableFuture<Boolean> end = new CompletableFuture<>();

        Connection(int number, Socket socket) {
            this.number = number;
            this.socket = socket;
        }
    }

    /**
     * Answers one request; runs on the connection's thread.
     *
     * @since 0.1
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Writes the answer to {@code exchange.request()}, or holds or drops the connection.
         *
         * @param exchange the request and the connection to answer on
         * @throws Exception if answering fails; the connection is then closed
         */
        void handle(Exchange exchange) throws Exception;
    }

    /**
     * One request as the server read it. Header values are the bytes received, one character
     * per byte (ISO-8859-1), so non-ASCII bytes can be checked exactly.
     *
     * @since 0.1
     */
    public static final class Received {
        private final int connection;
        private final String method;
        private final String target;
        private final String protocol;
        private final Map<String, List<String>> headers;
        private final byte[] body;
        private final long bodySize;
        private final long bodyCrc32;

        Received(int connection, String method, String target, String protocol, Map<String, List<String>> headers,
                byte[] body, long bodySize, long bodyCrc32) {
            this.connection = connection;
            this.method = method;
            this.target = target;
            this.protocol = protocol;
            this.headers = headers;
            this.body = body;
            this.bodySize = bodySize;
            this.bodyCrc32 = bodyCrc32;
        }

        /** {@return the number of the connection it arrived on, from 1 in the order accepted} */
        public int connection() {
            return connection;
        }

        /** {@return the method as sent} */
        public String method() {
            return method;
        }

        /** {@return the request target as sent: a path and query, or an absolute URI through a proxy} */
        public String target() {
            return target;
        }

        /** {@return the path of the target, without the query} */
        public String path() {
            String path = target;
            if (!path.startsWith("/")) {
                int scheme = path.indexOf("://");
                int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
                path = slash < 0 ? "/" : path.substring(slash);
            }
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        /** {@return the protocol of the request line, for example {@code HTTP/1.1}} */
        public String protocol() {
            return protocol;
        }

        /** {@return the headers by lower-case name, each with its values in the order sent} */
        public Map<String, List<String>> headers() {
            return headers;
        }

        /**
         * Returns the first value of a header.
         *
         * @param name the header name, in any case
         * @return the first value, or empty when the header was not sent
         */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** {@return the first {@link #KEPT_BODY_BYTES} bytes of the decoded body, a copy} */
        public byte[] body() {
            return body.clone();
        }

        /** {@return the decoded body as UTF-8 text, as far as it was kept} */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** {@return the length of the decoded body} */
        public long bodySize() {
            return bodySize;
        }

        /** {@return the CRC-32 of the whole decoded body} */
        public long bodyCrc32() {
            return bodyCrc32;
        }

        /** Prints method, target, connection and body size; never header values. */
        @Override
        public String toString() {
            return "Received[" + method + " " + target + " on connection " + connection + ", " + bodySize + " body bytes]";
        }
    }

    /**
     * The request being answered and the raw connection to answer on. Writes go straight to the
     * socket (each call flushes), so a handler controls exactly what the client sees and when.
     *
     * @since 0.1
     */
    public static final class Exchange {
        private final Connection connection;
        private final Received request;
        private final InputStream in;
        private final OutputStream out;
        private boolean responded;
        private boolean closed;
        private boolean clientClosed;

        Exchange(Connection connection, Received request, InputStream in, OutputStream out) {
            this.connection = connection;
            this.request = request;
            this.in = in;
            this.out = out;
        }

        /** {@return the request, read in full} */
        public Received request() {
            return request;
        }

        /**
         * Writes a complete response with {@code Content-Length} (none for {@code 204} and
         * {@code 304}, which have no body).
         *
         * @param status the status code
         * @param body the body; must be empty for {@code 204} and {@code 304}
         * @param headers more headers as name, value, name, value, ...
         * @throws IOException if the client is gone
         */
        public void respond(int status, byte[] body, String... headers) throws IOException {
            Objects.requireNonNull(body, "body");
            boolean bodiless = status == 204 || status == 304;
            if (bodiless && body.length > 0) {
                throw new IllegalArgumentException(status + " has no body");
            }
            String[] all = bodiless ? headers : append(headers, "Content-Length", String.valueOf(body.length));
            writeHead(status, all);
            write(body);
        }

        /**
         * Writes a complete response whose body is {@code text} in UTF-8, as {@code text/plain}.
         *
         * @param status the status code
         * @param text the body
         * @throws IOException if the client is gone
         */
        public void respond(int status, String text) throws IOException {
            respond(status, text.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain; charset=utf-8");
        }

        /**
         * Writes the status line and exactly the given headers, then the empty line; framing
         * headers ({@code Content-Length} or {@code Transfer-Encoding}) are the caller's to give.
         * Header text is written one byte per character (ISO-8859-1).
         *
         * @param status the status code
         * @param headers name, value, name, value, ...
         * @throws IOException if the client is gone
         */
        public void writeHead(int status, String... headers) throws IOException {
            if (headers.length % 2 != 0) {
                throw new IllegalArgumentException("headers come in name, value pairs");
            }
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            head.append("\r\n");
            responded = true;
            write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        /**
         * Writes raw bytes and flushes them.
         *
         * @param bytes what to write
         * @throws IOException if the client is gone
         */
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /**
         * Writes one chunk of a {@code Transfer-Encoding: chunked} body and flushes it.
         *
         * @param bytes the chunk's data, not empty
         * @throws IOException if the client is gone
         */
        public void writeChunk(byte[] bytes) throws IOException {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("an empty chunk ends the body: use endChunks()");
            }
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write(CRLF);
            out.flush();
        }

        /**
         * Writes the last, empty chunk of a chunked body.
         *
         * @throws IOException if the client is gone
         */
        public void endChunks() throws IOException {
            write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        /**
         * Waits, reading and discarding what the client sends, until the client closes the
         * connection or {@code max} passes. Use it to hold a response: the server then also sees
         * a client that gives up, and {@link LoopbackServer#awaitClientClose} reports it.
         *
         * @param max how long to wait at most
         * @return whether the client closed the connection within {@code max}
         * @throws IOException if the socket fails otherwise
         */
        public boolean holdUntilClientCloses(Duration max) throws IOException {
            long deadline = System.nanoTime() + max.toNanos();
            byte[] sink = new byte[8192];
            try {
                while (System.nanoTime() < deadline) {
                    connection.socket.setSoTimeout((int) Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
                    try {
                        if (in.read(sink) < 0) {
                            clientClosed = true;
                            return true;
                        }
                    } catch (SocketTimeoutException e) {
                        // keep waiting
                    }
                }
                return false;
            } catch (SocketException e) {
                clientClosed = !connection.socket.isClosed(); // a reset by the client
                return clientClosed;
            } finally {
                if (!connection.socket.isClosed()) {
                    connection.socket.setSoTimeout(0);
                }
            }
        }

        /**
         * Closes the connection now, whatever was written: before any response, the client sees
         * a dropped connection; in the middle of one, a body cut short.
         */
        public void closeConnection() {
            closed = true;
            try {
                out.flush();
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(connection.socket);
        }

        private static final byte[] CRLF = {'\r', '\n'};

        private static String[] append(String[] headers, String name, String value) {
            String[] all = Arrays.copyOf(headers, headers.length + 2);
            all[headers.length] = name;
            all[headers.length + 1] = value;
            return all;
        }

        private static String reason(int status) {
            switch (status) {
                case 200: return "OK";
                case 201: return "Created";
                case 204: return "No Content";
                case 302: return "Found";
                case 400: return "Bad Request";
                case 404: return "Not Found";
                case 500: return "Internal Server Error";
                case 503: return "Service Unavailable";
                default: return "Status";
            }
        }
    }
}
