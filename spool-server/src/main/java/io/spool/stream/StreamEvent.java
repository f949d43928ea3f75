package io.spool.stream;

import java.nio.charset.StandardCharsets;

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
    private byte[] frame; // built on first use, then shared by every reader; a racy rebuild is harmless

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

    /** The SSE frame: {@code event:}, {@code data:}, {@code id:} lines and a blank line. */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = SseFrames.event(event, data, id.toString());
            frame = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return id + " " + event + " " + dataText();
    }
}
