package com.sference.testkit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Monotonic time for job progress, mapped onto wall-clock instants for the wire. */
final class TimeSource {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final Instant wallBase = Instant.now();
    private final long nanoBase = System.nanoTime();

    /** Returns the current monotonic time in nanoseconds. */
    long nanos() {
        return System.nanoTime();
    }

    /** Returns the wall-clock instant of a monotonic time. */
    Instant instant(long nanos) {
        return wallBase.plusNanos(nanos - nanoBase);
    }

    /** Returns the ISO-8601 text with offset ({@code 2026-11-24T20:13:00.123456+00:00}). */
    String iso(long nanos) {
        return OffsetDateTime.ofInstant(instant(nanos), ZoneOffset.UTC).format(ISO);
    }

    /** Returns the Unix time in whole seconds. */
    long epochSeconds(long nanos) {
        return instant(nanos).getEpochSecond();
    }
}
