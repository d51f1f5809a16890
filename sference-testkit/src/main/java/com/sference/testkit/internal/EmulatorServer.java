package com.sference.testkit.internal;

import com.sference.testkit.EmulatorOptions;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires the emulator together on a {@code com.sun.net.httpserver.HttpServer} bound to
 * {@code 127.0.0.1}. Not part of the API: use {@code com.sference.testkit.SferenceEmulator}.
 */
public final class EmulatorServer {

    static {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (~40 ms per request). Read once, when
        // the JDK's server configuration is first loaded.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Store store;
    private final FaultInjector faults;
    private final RequestLog requests;
    private final String baseUrl;
    private final CountDownLatch stopping;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmulatorServer(HttpServer server, ExecutorService executor, Store store, FaultInjector faults,
            RequestLog requests, String baseUrl, CountDownLatch stopping) {
        this.server = server;
        this.stopping = stopping;
        this.executor = executor;
        this.store = store;
        this.faults = faults;
        this.requests = requests;
        this.baseUrl = baseUrl;
    }

    /**
     * Binds and starts a server.
     *
     * @param options the options
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static EmulatorServer start(EmulatorOptions options) throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), options.port()), 256);
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        TimeSource time = new TimeSource();
        Store store = new Store(time, options.stepDelay().toNanos());
        FaultInjector faults = new FaultInjector();
        RequestLog requests = new RequestLog();
        Auth auth = new Auth(options.keys(), options.logins());
        Router router = routes(store, time, auth, baseUrl);
        CountDownLatch stopping = new CountDownLatch(1);
        server.createContext("/", new Dispatcher(router, auth, new IdempotencyStore(), faults, requests,
                options.maxRequestBodyBytes(), options.outputForm(), stopping));
        ExecutorService executor = executor();
        server.setExecutor(executor);
        server.start();
        return new EmulatorServer(server, executor, store, faults, requests, baseUrl, stopping);
    }

    private static Router routes(Store store, TimeSource time, Auth auth, String baseUrl) {
        ResponseJson responseJson = new ResponseJson(time);
        StreamJson streamJson = new StreamJson(time, responseJson);
        AuthHandler authHandler = new AuthHandler(auth);
        BatchHandler batches = new BatchHandler(store, new BatchJson(time), baseUrl);
        ResponseHandler responses = new ResponseHandler(store, responseJson);
        StreamHandler streams = new StreamHandler(store, streamJson);
        EventHandler events = new EventHandler(store, streamJson);
        return new Router()
                .add("POST", "/v1/auth/login", Access.NONE, authHandler::login)
                .add("GET", "/v1/auth/me", Access.KEY, authHandler::me)
                .add("POST", "/v1/batches", Access.KEY, batches::create)
                .add("GET", "/v1/batches", Access.KEY, batches::list)
                .add("GET", "/v1/batches/{id}", Access.KEY, batches::get)
                .add("POST", "/v1/batches/{id}/cancel", Access.KEY, batches::cancel)
                .add("GET", "/v1/batches/{id}/results", Access.KEY, batches::results)
                .add("GET", "/v1/batches/{id}/results.jsonl", Access.KEY, batches::resultsJsonl)
                .add("POST", "/v1/responses", Access.WRITE, responses::create)
                .add("GET", "/v1/responses", Access.READ, responses::list)
                .add("GET", "/v1/responses/{id}", Access.READ, responses::get)
                .add("DELETE", "/v1/responses/{id}", Access.WRITE, responses::cancel)
                .add("POST", "/v1/responses/{id}/cancel", Access.WRITE, responses::cancel)
                .add("POST", "/v1/streams", Access.KEY, streams::create)
                .add("GET", "/v1/streams", Access.KEY, streams::list)
                .add("GET", "/v1/streams/{id}", Access.KEY, streams::get)
                .add("PATCH", "/v1/streams/{id}", Access.KEY, streams::patch)
                .add("GET", "/v1/streams/{id}/events", Access.KEY, events::events);
    }

    /** A growing pool: every long-poll holds a thread, so the pool must not be small. */
    private static ExecutorService executor() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sference-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Returns the origin, {@code http://127.0.0.1:PORT}.
     *
     * @return the base URL
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the fault injector.
     *
     * @return the faults
     */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * Returns the request log.
     *
     * @return the log
     */
    public RequestLog requests() {
        return requests;
    }

    /** Stops the server, waking long-polls, ending injected slow answers and closing connections; idempotent. */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            stopping.countDown();
            store.close();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
