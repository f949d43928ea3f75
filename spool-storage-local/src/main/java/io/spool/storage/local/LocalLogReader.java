package io.spool.storage.local;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.LogReader;
import io.spool.storage.StreamEvent;
import java.time.Duration;
import java.util.List;

/** A reader of the in-process log: reads the hot tail when the cursor is recent and the store when it is older. */
final class LocalLogReader implements LogReader {

    private final ThreadLog log;
    private final EventStore store;
    private final long tickNanos;
    private EventId cursor;
    private boolean closed;

    LocalLogReader(ThreadLog log, EventStore store, EventId cursor, long tickNanos) {
        this.log = log;
        this.store = store;
        this.tickNanos = tickNanos;
        this.cursor = cursor;
    }

    /** A wait of a reader tick or longer ends at the first tick after nothing came. */
    @Override
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
        if (fromTail != null) return fromTail;
        List<StreamEvent> stored = store.readAfter(log.threadId, cursor, max);
        // a replay is a long run of CPU work with no blocking in between: let the other requests' virtual threads
        // run between its batches instead of after all of them
        Thread.yield();
        return stored;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            log.removeReader();
        }
    }
}
