package com.sference.transport.jdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the operating system's reason for a failed connect that the JDK client reported
 * without one (see {@link Failures#isConnectWithoutReason}): one plain TCP connect, sending no
 * byte, to the address the client connects to (the proxy's, if one is selected), never blocking a
 * thread and given up after {@link #LIMIT}. Its failure's message ("Connection refused") is the
 * reason; a connect that now succeeds, or takes too long, gives none.
 */
final class ConnectProbe {

    /** How long the probe may take. */
    static final Duration LIMIT = Duration.ofSeconds(1);

    private ConnectProbe() {}

    /**
     * Probes the address of {@code uri}.
     *
     * @param uri the request URI
     * @param proxies the client's proxy selector, if any
     * @param timers where the probe's time limit runs
     * @return a future of the reason, or of null when the probe found none; it never fails
     */
    static CompletableFuture<String> reason(URI uri, Optional<ProxySelector> proxies, ScheduledExecutorService timers) {
        CompletableFuture<String> reason = new CompletableFuture<>();
        InetSocketAddress address;
        AsynchronousSocketChannel channel;
        try {
            address = address(uri, proxies);
            if (address.isUnresolved()) {
                return CompletableFuture.completedFuture("cannot resolve host " + address.getHostString());
            }
            channel = AsynchronousSocketChannel.open();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        ScheduledFuture<?> limit;
        try {
            limit = timers.schedule(() -> reason.complete(null), LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            limit = null; // the transport is closing: the probe may take as long as the connect does
        }
        ScheduledFuture<?> scheduled = limit;
        reason.whenComplete((r, e) -> {
            close(channel);
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        });
        try {
            channel.connect(address, null, new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void result, Void attachment) {
                    reason.complete(null);
                }

                @Override
                public void failed(Throwable failure, Void attachment) {
                    reason.complete(Failures.rootMessage(failure));
                }
            });
        } catch (RuntimeException e) {
            reason.complete(null);
        }
        return reason;
    }

    /** {@return the address the client connects to for {@code uri}: its proxy's, or its own} */
    private static InetSocketAddress address(URI uri, Optional<ProxySelector> proxies) {
        if (proxies.isPresent()) {
            List<Proxy> selected = proxies.get().select(uri);
            if (!selected.isEmpty() && selected.get(0).type() == Proxy.Type.HTTP) {
                SocketAddress proxy = selected.get(0).address();
                if (proxy instanceof InetSocketAddress) {
                    InetSocketAddress inet = (InetSocketAddress) proxy;
                    return inet.isUnresolved() ? new InetSocketAddress(inet.getHostString(), inet.getPort()) : inet;
                }
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
        return new InetSocketAddress(uri.getHost(), port);
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was sent; nothing is left to release
        }
    }
}
