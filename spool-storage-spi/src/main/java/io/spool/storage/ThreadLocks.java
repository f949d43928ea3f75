package io.spool.storage;

import java.util.function.Supplier;

/**
 * Per-thread serialisation: what runs under one thread's lock never overlaps with anything else under it, in this
 * process or (for a shared backend) in any process using the same storage. Run creation, run ends, state updates,
 * thread patches and TTL expiry take it, so a thread's status, runs and checkpoints change one decision at a time.
 *
 * <p>Reentrant: work under a thread's lock may take the same thread's lock again (a TTL expiry deletes the thread
 * under it). A PostgreSQL implementation can hold a transaction-scoped advisory lock (or {@code SELECT ... FOR
 * UPDATE} of the thread row) for the duration of {@code work}.
 */
public interface ThreadLocks {

    /** Runs {@code work} holding {@code threadId}'s lock and returns what it returns. */
    <T> T withThread(String threadId, Supplier<T> work);

    default void withThread(String threadId, Runnable work) {
        withThread(threadId, () -> {
            work.run();
            return null;
        });
    }
}
