package com.sference.internal.client;

import com.sference.RetryOptions;
import com.sference.SferenceClient;
import com.sference.internal.pipeline.Pipeline;
import com.sference.transport.Transport;
import com.sference.transport.TransportConfig;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Validates a builder's settings and wires a client together. */
public final class ClientFactory {
    private ClientFactory() {}

    /**
     * What {@link SferenceClient.Builder} collected.
     *
     * @param baseUrl the API origin
     * @param apiKey the key, or null
     * @param transportName the transport's name, or null
     * @param transport a transport instance, or null
     * @param transportConfig what a discovered transport is built with
     * @param timeout the response timeout
     * @param readTimeout the longest silence within an exchange
     * @param callTimeout the deadline of a whole call, or null for none
     * @param maxResponseBytes the cap on a JSON answer
     * @param maxJsonlLineBytes the longest line of a JSONL workload
     * @param retry the retry rules
     * @param allowInsecureHttp whether a key may go over plain http to a remote host
     */
    public record Settings(String baseUrl, String apiKey, String transportName, Transport transport,
            TransportConfig transportConfig, Duration timeout, Duration readTimeout, Duration callTimeout,
            long maxResponseBytes, long maxJsonlLineBytes, RetryOptions retry, boolean allowInsecureHttp) {
        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "REDACTED") + "]";
        }
    }

    /** {@return a client for {@code settings}} */
    public static SferenceClient build(Settings settings) {
        URI baseUrl = parseBaseUrl(settings.baseUrl());
        boolean plainHttpToRemote = !settings.allowInsecureHttp() && baseUrl.getScheme().equalsIgnoreCase("http")
                && !isLoopback(baseUrl.getHost());
        if (settings.apiKey() != null && plainHttpToRemote) {
            throw new IllegalArgumentException("refusing to send the API key over plain http to " + baseUrl.getHost()
                    + "; use https, or allowInsecureHttp(true) if this network is trusted");
        }
        TransportSelector.Selection selection = TransportSelector.select(
                settings.transport(), settings.transportName(), settings.transportConfig());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sference-scheduler"));
        ExecutorService io = Executors.newCachedThreadPool(daemon("sference-io"));
        AtomicReference<String> credential = new AtomicReference<>(settings.apiKey());
        Clock clock = Clock.systemUTC();
        Pipeline pipeline = Pipeline.standard(new Pipeline.Settings(selection.transport(), settings.retry(),
                Version.userAgent(), () -> Optional.ofNullable(credential.get()), System.getLogger("com.sference"),
                logLevel(), clock, scheduler, io, settings.maxResponseBytes(),
                () -> ThreadLocalRandom.current().nextDouble()));
        OpenCalls openCalls = new OpenCalls();
        ApiCaller caller = new ApiCaller(baseUrl, pipeline, io, clock, new ApiCaller.CallTimeouts(settings.timeout(),
                settings.readTimeout(), Optional.ofNullable(settings.callTimeout())), openCalls, scheduler);
        Poller poller = new Poller(scheduler, clock, openCalls, System.getLogger("com.sference"));
        AsyncView async = new AsyncView(new AsyncAuthImpl(caller, credential, plainHttpToRemote),
                new AsyncBatchesImpl(caller, poller, settings.maxJsonlLineBytes()),
                new AsyncResponsesImpl(caller, poller), new AsyncStreamsImpl(caller));
        return new DefaultSferenceClient(baseUrl, selection, scheduler, io, openCalls, async);
    }

    /** {@code SFERENCE_LOG=debug} lifts request lines to INFO, which the default logging setup prints. */
    private static Level logLevel() {
        String wanted = System.getenv("SFERENCE_LOG");
        return wanted != null && wanted.trim().equalsIgnoreCase("debug") ? Level.INFO : Level.DEBUG;
    }

    static URI parseBaseUrl(String text) {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base URL is not a URL: " + text, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("base URL must be an absolute http(s) URL: " + text);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("base URL must not have a query or fragment: " + text);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("base URL must not hold credentials (user info); use apiKey: "
                    + scheme + "://" + uri.getHost());
        }
        // Scheme and host are case-insensitive: one spelling, so that every decision sees the same text.
        return URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
