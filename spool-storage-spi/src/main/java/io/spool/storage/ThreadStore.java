package io.spool.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Threads. */
public interface ThreadStore {

    /** Inserts a new thread; false if one with that id exists. */
    boolean insert(ThreadRecord thread);

    Optional<ThreadRecord> get(String threadId);

    void update(ThreadRecord thread);

    /** Deletes the thread row only; the caller removes its runs, checkpoints and events. */
    boolean delete(String threadId);

    /** Matching threads, newest first, paged by the query's limit and offset. */
    List<ThreadRecord> search(ThreadQuery query);

    long count(ThreadQuery query);

    /** At most {@code limit} threads that are not busy and whose TTL ran out at or before {@code now}, soonest first. */
    List<ThreadRecord> expired(Instant now, int limit);
}
