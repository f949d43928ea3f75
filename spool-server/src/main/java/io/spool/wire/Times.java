package io.spool.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps on the wire: ISO-8601 UTC with microseconds, like the Python reference server. */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String format(Instant i) {
        return i == null ? null : FORMAT.format(i);
    }
}
