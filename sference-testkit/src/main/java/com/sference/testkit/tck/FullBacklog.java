package com.sference.testkit.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port on {@code 127.0.0.1} where a new connection cannot be made, so a client's
 * connect times out: the socket never accepts, its backlog is 1, and filler connections occupy
 * the backlog until one of them times out itself. Outbound connections to other hosts cannot
 * be relied on to hang (a sandbox may intercept them), so this is how the suite makes a connect
 * time out.
 */
final class FullBacklog implements AutoCloseable {

    private static final int PROBE_MILLIS = 250;
    private static final int MAX_FILLERS = 32;

    private final ServerSocket listener;
    private final List<Socket> fillers;
    private final boolean full;

    private FullBacklog(ServerSocket listener, List<Socket> fillers, boolean full) {
        this.listener = listener;
        this.fillers = fillers;
        this.full = full;
    }

    /** {@return a port whose backlog is full, or one where connects still succeed: see {@link #isFull()}} */
    static FullBacklog open() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        List<Socket> fillers = new ArrayList<>();
        boolean full = false;
        while (!full && fillers.size() < MAX_FILLERS) {
            Socket filler = new Socket();
            try {
                filler.connect(address, PROBE_MILLIS);
                fillers.add(filler);
            } catch (SocketTimeoutException e) {
                full = true;
                filler.close();
            }
        }
        return new FullBacklog(listener, fillers, full);
    }

    /** {@return whether a connect to this port now hangs} */
    boolean isFull() {
        return full;
    }

    /** {@return an {@code http} URI of {@code path} on this port} */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
