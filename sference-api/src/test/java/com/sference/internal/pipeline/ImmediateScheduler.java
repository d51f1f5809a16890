package com.sference.internal.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Runs scheduled tasks at once and records the delays asked for: retries in virtual time. */
final class ImmediateScheduler extends ScheduledThreadPoolExecutor {
    final List<Duration> delays = Collections.synchronizedList(new ArrayList<>());

    ImmediateScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.ofMillis(unit.toMillis(delay)));
        return super.schedule(command, 0, TimeUnit.MILLISECONDS);
    }
}
