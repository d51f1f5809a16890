package com.sference.transport.jdk;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Shuts an {@link HttpClient} down within a bounded time where the JDK can: from JDK 21 on,
 * {@code shutdownNow()} and then {@code awaitTermination(Duration)}, called through reflection
 * since this module compiles for release 17. {@code HttpClient.close()} is never used: it waits
 * for every exchange, including bodies nobody reads, however long that takes. On JDK 17 there is
 * nothing to call, and this does nothing.
 */
final class ClientShutdown {

    private static final Method SHUTDOWN_NOW = method("shutdownNow");
    private static final Method AWAIT_TERMINATION = method("awaitTermination", Duration.class);

    private ClientShutdown() {}

    /** {@return whether this JDK can shut a client down (21 and later)} */
    static boolean supported() {
        return SHUTDOWN_NOW != null && AWAIT_TERMINATION != null;
    }

    /**
     * Stops {@code client} at once, aborting what it still runs, and waits at most {@code wait}
     * for it to end; keeps the interrupt flag if interrupted meanwhile.
     *
     * @param client the client to stop
     * @param wait the longest to wait for it
     */
    static void shutdownNow(HttpClient client, Duration wait) {
        if (!supported()) {
            return;
        }
        try {
            SHUTDOWN_NOW.invoke(client);
            AWAIT_TERMINATION.invoke(client, wait);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Otherwise shutting down is best effort: the client's threads are daemons either way.
        } catch (IllegalAccessException | RuntimeException e) {
            // As above: best effort.
        }
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            return HttpClient.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null; // JDK 17 to 20
        }
    }
}
