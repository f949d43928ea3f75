package io.spool.http.sse;

import io.spool.http.Exchange;
import io.spool.stream.SseFrames;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/**
 * An SSE response: the headers clients and proxies need, frames written in batches, and {@code : heartbeat}
 * comments whenever nothing else was written for one interval.
 */
public final class SseStream {

    private static final int WRITE_BYTES = 64 * 1024;

    private final Exchange ex;
    private final long heartbeatNanos;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
    private long lastWriteNanos;

    public SseStream(Exchange ex, Duration heartbeat) {
        this.ex = ex;
        this.heartbeatNanos = heartbeat.toNanos();
    }

    /** Sends the status and headers at once, so a client knows it is joined before any event exists. */
    public void begin() {
        ex.header("Cache-Control", "no-store");
        ex.header("X-Accel-Buffering", "no");
        ex.startStream(200, "text/event-stream; charset=utf-8");
        lastWriteNanos = System.nanoTime();
    }

    /**
     * Queues a frame; {@link #flush} sends what is queued in one write. A long backlog (a replay) goes out every
     * {@value #WRITE_BYTES} bytes, so its first events reach the client before the rest of the batch is framed.
     */
    public void add(byte[] frame) {
        pending.writeBytes(frame);
        if (pending.size() >= WRITE_BYTES) flush();
    }

    public void flush() {
        if (pending.size() == 0) return;
        byte[] bytes = pending.toByteArray();
        pending.reset();
        ex.write(false, bytes);
        lastWriteNanos = System.nanoTime();
    }

    /** Whether the server is stopping: the stream should end with a word on why. */
    public boolean serverStopping() {
        return ex.serverStopping();
    }

    /** How long until a heartbeat is due. */
    public Duration untilHeartbeat() {
        return Duration.ofNanos(Math.max(0, lastWriteNanos + heartbeatNanos - System.nanoTime()));
    }

    /** Sends a heartbeat if one is due. */
    public void heartbeatIfDue() {
        if (System.nanoTime() - lastWriteNanos >= heartbeatNanos) {
            ex.write(false, SseFrames.HEARTBEAT);
            lastWriteNanos = System.nanoTime();
        }
    }

    /** Flushes and ends the response. */
    public void end() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        ex.write(true, bytes);
    }
}
