package io.spool.storage;

/**
 * The thread logs: append to a thread's log and read its tail as it grows. Every event gets an id strictly greater
 * than the thread's previous one; every reader sees every event in id order, live or from any cursor back (older
 * events come from the backend's {@link EventStore}). Readers are given only events that are stored, so an event a
 * client has seen is replayed with the same id after any restart. The process that appends a run's events is the only writer of
 * them, so ids never need agreeing on between processes.
 *
 * <p>The in-process implementation keeps a hot tail per thread that live readers read without touching the store;
 * a Redis one would keep one subscription per thread per process feeding the same kind of tail.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Appends an event; it is stored with the next batch and readers see it then. Throws
     * {@link StorageUnavailableException} while events cannot be stored (nothing appended before is lost).
     */
    StreamEvent append(String threadId, String runId, String event, byte[] data);

    /**
     * Appends an event and returns only once it and everything before it are stored (and so visible to readers).
     */
    StreamEvent appendDurable(String threadId, String runId, String event, byte[] data, boolean runEnd);

    /** The id of the thread's newest event ({@link EventId#START} when it has none). */
    EventId lastId(String threadId);

    /** A reader of the thread's log positioned after {@code cursor}; close it when done. */
    LogReader reader(String threadId, EventId cursor);

    /** Ends every reader of the thread with {@link ThreadDeletedException} and drops its stored events. */
    void deleteThread(String threadId);

    /** Waits until everything appended so far is stored. */
    void flush();

    /** Stores what is still queued, then stops. */
    @Override
    void close();
}
