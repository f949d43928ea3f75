package io.spool.storage;

/**
 * A storage backend: every store the server needs, and the three things several processes would have to share
 * (thread locks, the run queue, the thread logs' fan-out), from one place.
 */
public interface Storage extends AutoCloseable {

    /** What {@code --storage} calls this backend ({@code memory}, {@code sqlite}, {@code postgres}); shown by /info. */
    String name();

    ThreadStore threads();

    RunStore runs();

    CheckpointStore checkpoints();

    /** The durable copy of the thread logs, which {@link #eventBus()} writes and reads older cursors from. */
    EventStore events();

    AssistantStore assistants();

    /** The long-term store's items ({@code /store/*}). */
    ItemStore items();

    /** Crons ({@code /runs/crons}). */
    CronStore crons();

    /** Per-thread serialisation of decisions (run creation and ends, state updates, TTL expiry). */
    ThreadLocks threadLocks();

    /** Which run executes next. */
    RunQueue runQueue();

    /** The thread logs: append, and read from any cursor with live delivery. */
    EventBus eventBus();

    /**
     * Runs {@code job} unless another process on this storage is running the job called {@code name} right now, so a
     * background job (the TTL sweep) runs once across processes instead of once per process; returns whether it ran.
     * A backend of one process always runs it.
     */
    default boolean runAlone(String name, Runnable job) {
        job.run();
        return true;
    }

    /** Whether data survives a restart (and so crash recovery has something to recover). */
    boolean durable();

    /** Its connection pools now (none for the memory backend), for {@code /metrics}. */
    default java.util.List<PoolStats> pools() {
        return java.util.List.of();
    }

    /** A cheap round trip to the backend, for {@code GET /ok?check_db=1}. */
    void ping();

    /** Stores what the event bus still holds, stops the queue's timers, then closes the stores. */
    @Override
    void close();
}
