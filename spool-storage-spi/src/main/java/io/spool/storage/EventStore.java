package io.spool.storage;

import java.util.List;
import java.util.Optional;

/** The durable part of the thread logs. Written in batches by one writer; read by resuming clients. */
public interface EventStore {

    /** One event of one thread, as batched by the log writer. */
    record Entry(String threadId, StreamEvent event) {
    }

    /** Appends the batch atomically; entries of one thread come in increasing id order. */
    void append(List<Entry> batch);

    /**
     * The thread's events with ids greater than {@code after}, in id order: about {@code limit} of them (a store that
     * keeps events in chunks may return the rest of its last chunk too), none only when there are none.
     */
    List<StreamEvent> readAfter(String threadId, EventId after, int limit);

    Optional<EventId> lastId(String threadId);

    void deleteThread(String threadId);
}
