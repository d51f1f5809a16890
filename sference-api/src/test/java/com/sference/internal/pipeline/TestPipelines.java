package com.sference.internal.pipeline;

import com.sference.RetryOptions;
import com.sference.transport.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The standard pipeline for tests: buffered answers read on the calling thread, the default cap. */
public final class TestPipelines {
    private TestPipelines() {}

    public static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler, DoubleSupplier random) {
        return Pipeline.standard(new Pipeline.Settings(transport, retry, userAgent, credential, logger, logLevel, clock,
                scheduler, Runnable::run, Pipeline.DEFAULT_MAX_RESPONSE_BYTES, random));
    }

    public static Pipeline standard(Transport transport, RetryOptions retry, String userAgent,
            Supplier<Optional<String>> credential, Logger logger, Level logLevel, Clock clock,
            ScheduledExecutorService scheduler) {
        return standard(transport, retry, userAgent, credential, logger, logLevel, clock, scheduler, () -> 0.5);
    }
}
