package io.spool.stream;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import java.time.Duration;
import java.util.List;

/**
 * A cursor over one thread's log: every streaming endpoint is one of these plus a filter. Reads the hot tail when
 * the cursor is recent and the store when it is older; never holds more than one batch.
 */
public final class LogReader implements AutoCloseable {

    private final ThreadLog log;
    private final EventStore store;
    private final long tickNanos;
    private EventId cursor;
    private boolean closed;

    LogReader(ThreadLog log, EventStore store, EventId cursor, long tickNanos) {
        this.log = log;
        this.store = store;
        this.tickNanos = tickNanos;
        this.cursor = cursor;
    }

    /**
     * The next events after the cursor, at most {@code max} (a store read may return the rest of a chunk), waiting up
     * to {@code wait} for one to arrive; empty when none came. A wait of a reader tick or longer ends at the first
     * tick after nothing came, so a caller may get an empty batch before {@code wait} is over. Throws
     * {@link ThreadDeletedException} once the thread is deleted.
     */
    public List<StreamEvent> next(int max, Duration wait) throws InterruptedException {
        List<StreamEvent> batch = read(max);
        if (batch.isEmpty() && !wait.isZero()) {
            long nanos = wait.toNanos();
            log.awaitAfter(cursor, nanos >= tickNanos ? -1 : nanos);
            batch = read(max);
        }
        if (!batch.isEmpty()) cursor = batch.getLast().id();
        return batch;
    }

    private List<StreamEvent> read(int max) {
        List<StreamEvent> fromTail = log.readTail(cursor, max);
        return fromTail != null ? fromTail : store.readAfter(log.threadId, cursor, max);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            log.removeReader();
        }
    }
}
