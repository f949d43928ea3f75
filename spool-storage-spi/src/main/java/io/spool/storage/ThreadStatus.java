package io.spool.storage;

import java.util.Arrays;
import java.util.List;

/**
 * A thread's status: {@code busy} while it has pending or running runs, then {@code error}, {@code interrupted}
 * (paused on an interrupt) or {@code idle}.
 */
public enum ThreadStatus {
    IDLE("idle"),
    BUSY("busy"),
    INTERRUPTED("interrupted"),
    ERROR("error");

    public static final List<String> WIRE = Arrays.stream(values()).map(ThreadStatus::wire).toList();

    private final String wire;

    ThreadStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The status with this text; null for null. */
    public static ThreadStatus of(String wire) {
        return Wire.parse(ThreadStatus.class, values(), wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
