package io.spool.bench;

import java.time.Instant;

/** Wall-clock microseconds derived from {@link System#nanoTime()}, so that a send and a receipt compare exactly. */
final class Clock {

    private static final long BASE_NANOS = System.nanoTime();
    private static final long BASE_EPOCH_MICROS;

    static {
        Instant now = Instant.now();
        BASE_EPOCH_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private Clock() {
    }

    static long epochMicros(long nanoTime) {
        return BASE_EPOCH_MICROS + (nanoTime - BASE_NANOS) / 1_000;
    }

    static long epochMicros() {
        return epochMicros(System.nanoTime());
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
