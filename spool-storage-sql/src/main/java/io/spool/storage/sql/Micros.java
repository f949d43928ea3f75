package io.spool.storage.sql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants are stored as epoch microseconds: sortable integers, and as precise as the API shows them. */
public final class Micros {

    private Micros() {
    }

    public static long of(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
