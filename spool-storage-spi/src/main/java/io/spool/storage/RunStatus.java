package io.spool.storage;

import java.util.Arrays;
import java.util.List;

/** Where a run is: {@code pending} → {@code running} → one of the ends; {@link #wire()} is its text on the wire. */
public enum RunStatus {
    PENDING("pending"),
    RUNNING("running"),
    ERROR("error"),
    SUCCESS("success"),
    TIMEOUT("timeout"),
    INTERRUPTED("interrupted");

    /** The texts, in the order the API documents them. */
    public static final List<String> WIRE = Arrays.stream(values()).map(RunStatus::wire).toList();

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Pending or running: the thread's queue still holds it. */
    public boolean inFlight() {
        return this == PENDING || this == RUNNING;
    }

    /** The status with this text; null for null. */
    public static RunStatus of(String wire) {
        return Wire.parse(RunStatus.class, values(), wire);
    }

    /** The wire text, so a status reads the same in messages as on the wire. */
    @Override
    public String toString() {
        return wire;
    }
}
