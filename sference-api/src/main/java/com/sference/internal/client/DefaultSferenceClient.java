package com.sference.internal.client;

import com.sference.Auth;
import com.sference.Batches;
import com.sference.Responses;
import com.sference.SferenceAsyncClient;
import com.sference.SferenceClient;
import com.sference.Streams;
import com.sference.transport.Transport;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/** The client: blocking resource groups over the async ones, plus what it owns and closes. */
final class DefaultSferenceClient implements SferenceClient {
    private final URI baseUrl;
    private final Transport transport;
    private final boolean ownsTransport;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final OpenCalls openCalls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AsyncView async;
    private final Auth auth;
    private final Batches batches;
    private final Responses responses;
    private final Streams streams;

    DefaultSferenceClient(URI baseUrl, TransportSelector.Selection transport, ScheduledExecutorService scheduler,
            ExecutorService io, OpenCalls openCalls, AsyncView async) {
        this.baseUrl = baseUrl;
        this.transport = transport.transport();
        this.ownsTransport = transport.owned();
        this.scheduler = scheduler;
        this.io = io;
        this.openCalls = openCalls;
        this.async = async;
        this.auth = new SyncAuth(async.auth());
        this.batches = new SyncBatches(async.batches());
        this.responses = new SyncResponses(async.responses());
        this.streams = new SyncStreams(async.streams(), baseUrl.toString());
    }

    @Override
    public Auth auth() {
        return auth;
    }

    @Override
    public Batches batches() {
        return batches;
    }

    @Override
    public Responses responses() {
        return responses;
    }

    @Override
    public Streams streams() {
        return streams;
    }

    @Override
    public SferenceAsyncClient async() {
        return async;
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String transportName() {
        return transport.name();
    }

    /**
     * Fails every call, wait and tail still running with {@link com.sference.ClientClosedException}
     * (which aborts their exchanges), then closes the transport if the client built it, and stops
     * the client's threads. Calls made afterwards fail at once the same way.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        openCalls.close();
        try {
            if (ownsTransport) {
                transport.close();
            }
        } finally {
            scheduler.shutdownNow();
            io.shutdown();
        }
    }

    @Override
    public String toString() {
        return "SferenceClient[" + baseUrl + ", transport=" + transport.name() + "]";
    }
}
