package io.spool.storage.memory;

import io.spool.storage.AssistantStore;
import io.spool.storage.CheckpointStore;
import io.spool.storage.EventStore;
import io.spool.storage.RunStore;
import io.spool.storage.Storage;
import io.spool.storage.ThreadStore;

/** Everything in the process; lost on exit. For tests and throwaway servers. */
public final class MemoryStorage implements Storage {

    private final MemoryThreadStore threads = new MemoryThreadStore();
    private final MemoryRunStore runs = new MemoryRunStore();
    private final MemoryCheckpointStore checkpoints = new MemoryCheckpointStore();
    private final MemoryEventStore events = new MemoryEventStore();
    private final MemoryAssistantStore assistants = new MemoryAssistantStore();

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public RunStore runs() {
        return runs;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public AssistantStore assistants() {
        return assistants;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void ping() {
    }

    @Override
    public void close() {
    }
}
