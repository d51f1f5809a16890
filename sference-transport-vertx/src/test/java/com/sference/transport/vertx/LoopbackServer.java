package com.sference.transport.vertx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 for transport tests. Every request is recorded with the
 * client port it came from (one port per connection); {@code /echo} answers with the request's
 * body, a status taken from the {@code status} query parameter and a few fixed headers.
 */
final class LoopbackServer implements AutoCloseable {

    /** What the server saw of one request; header names are lower case. */
    record Recorded(String method, URI uri, String protocol, int clientPort, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "loopback-server");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(pool);
        handle("/", exchange -> {
            record(exchange, readBody(exchange));
            respond(exchange, 404, new byte[0]);
        });
        handle("/echo", exchange -> {
            byte[] body = readBody(exchange);
            record(exchange, body);
            String query = exchange.getRequestURI().getQuery();
            int status = query != null && query.startsWith("status=") ? Integer.parseInt(query.substring(7)) : 200;
            exchange.getResponseHeaders().add("X-Request-Id", "req_1");
            exchange.getResponseHeaders().add("X-Multi", "a");
            exchange.getResponseHeaders().add("X-Multi", "b");
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.getResponseHeaders().add("Content-Type", type == null ? "application/octet-stream" : type);
            respond(exchange, status, body);
        });
        server.start();
    }

    static LoopbackServer start() {
        try {
            return new LoopbackServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code path} with {@code handler}; an exception in it closes the exchange. */
    void handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException | RuntimeException e) {
                // The client went away or sent a broken body: nothing more to answer.
            }
        });
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void record(HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getProtocol(),
                exchange.getRemoteAddress().getPort(), headers, body));
    }

    /** {@return the next request the server recorded, waiting up to 5 seconds} */
    Recorded takeRequest() {
        try {
            Recorded recorded = requests.poll(5, TimeUnit.SECONDS);
            if (recorded == null) {
                throw new AssertionError("the server received no request within 5 s");
            }
            return recorded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || status == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Reads a request body of up to 32 MiB, stopping if a broken body yields 0 bytes. */
    static byte[] readBody(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > 32 * 1024 * 1024) {
                    throw new IOException("request body over 32 MiB");
                }
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
