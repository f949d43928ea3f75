package io.spool.storage.local;

import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import java.util.List;

/**
 * Told of every batch of a thread's events once it is stored and this process's readers have it: a shared backend
 * forwards it to the other processes. Called on the log writer's thread, so it must not block.
 */
@FunctionalInterface
public interface StoredEvents {

    /** {@code events} of {@code threadId}, in id order; {@code before} is the id of the event stored just before. */
    void stored(String threadId, EventId before, List<StreamEvent> events);

    StoredEvents NONE = (threadId, before, events) -> { };
}
