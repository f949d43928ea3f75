package io.spool.storage;

import java.time.Duration;
import java.util.List;

/**
 * A cursor over one thread's log (a subscription to its tail): every streaming endpoint is one of these plus a
 * filter. Holds at most one batch, so a slow client costs no memory, it only lags.
 */
public interface LogReader extends AutoCloseable {

    /**
     * The next events after the cursor, at most {@code max} (a store read may return the rest of a chunk), waiting up
     * to {@code wait} for one to arrive; empty when none came. A long wait may end early at a reader tick (so idle
     * readers can send heartbeats): callers loop. Throws {@link ThreadDeletedException} once the thread is deleted.
     */
    List<StreamEvent> next(int max, Duration wait) throws InterruptedException;

    @Override
    void close();
}
