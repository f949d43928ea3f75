package io.spool.stream;

import io.spool.storage.EventStore;
import java.time.Duration;
import java.util.List;

/**
 * A cursor over one thread's log: every streaming endpoint is one of these plus a filter. Reads the hot tail when
 * the cursor is recent and the store when it is older; never holds more than one batch.
 */
public final class LogReader implements AutoCloseable {

    private final ThreadLog log;
    private final EventStore store;
    private EventId cursor;
    private boolean closed;

    LogReader(ThreadLog log, EventStore store, EventId cursor) {
        this.log = log;
        this.store = store;
        this.cursor = cursor;
    }

    /**
     * The next events after the cursor, at most {@code max}, waiting up to {@code wait} for one to arrive; empty when
     * none came. Throws {@link ThreadDeletedException} once the thread is deleted.
     */
    public List<StreamEvent> next(int max, Duration wait) throws InterruptedException {
        List<StreamEvent> batch = read(max);
        if (batch.isEmpty()) {
            log.awaitAfter(cursor, wait.toNanos());
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
