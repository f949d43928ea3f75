package io.spool.storage.local;

import io.spool.storage.EventBus;
import io.spool.storage.EventStore;
import io.spool.storage.RunQueue;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.ThreadLocks;

/**
 * The thread locks, run queue and event bus of a backend used by one process: what {@code memory} and {@code sqlite}
 * share, over their own event store.
 */
public final class LocalSeam implements AutoCloseable {

    private final StripedThreadLocks locks = new StripedThreadLocks();
    private final LocalRunQueue queue = new LocalRunQueue();
    private final LocalEventBus bus;

    public LocalSeam(EventStore events, StorageOptions options) {
        this.bus = new LocalEventBus(events, options.tailCapacity(), options.readerTick());
    }

    public ThreadLocks threadLocks() {
        return locks;
    }

    public RunQueue runQueue() {
        return queue;
    }

    public EventBus eventBus() {
        return bus;
    }

    /** Why the event log cannot be stored right now (its writer is retrying), or null. */
    public StorageUnavailableException eventFailure() {
        return bus.failure();
    }

    /** Stops the queue's timers and stores what the bus still holds; the event store must still be open. */
    @Override
    public void close() {
        queue.close();
        bus.close();
    }
}
