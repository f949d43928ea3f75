package io.spool.storage;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One event of a thread's log.
 *
 * <p>{@code runId} is null for thread-level events ({@code state_update}). {@code runEnd} marks the end-of-run marker,
 * shown as {@code metadata {"status":"run_done","run_id":...}} on the thread stream and never on run streams.
 * {@code data} is the payload as one line of compact JSON (UTF-8).
 */
public final class StreamEvent {

    private final EventId id;
    private final String runId;
    private final String event;
    private final byte[] data;
    private final boolean runEnd;
    private byte[] encoded; // built on first use, then shared by every reader; a racy rebuild is harmless

    public StreamEvent(EventId id, String runId, String event, byte[] data, boolean runEnd) {
        this.id = id;
        this.runId = runId;
        this.event = event;
        this.data = data;
        this.runEnd = runEnd;
    }

    public EventId id() {
        return id;
    }

    public String runId() {
        return runId;
    }

    public String event() {
        return event;
    }

    public byte[] data() {
        return data;
    }

    public boolean runEnd() {
        return runEnd;
    }

    public String dataText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether this is the start-of-run marker, {@code metadata {"run_id":..., "attempt":...}}. */
    public boolean isRunStart() {
        return !runEnd && runId != null && event.equals("metadata");
    }

    /**
     * The event in its wire form (the SSE frame), built by {@code encoder} on first use and then shared by every
     * reader. The encoder comes from the caller so the SPI knows no wire format; every caller passes the same one.
     */
    public byte[] encoded(Function<StreamEvent, byte[]> encoder) {
        byte[] e = encoded;
        if (e == null) {
            e = encoder.apply(this);
            encoded = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return id + " " + event + " " + dataText();
    }
}
