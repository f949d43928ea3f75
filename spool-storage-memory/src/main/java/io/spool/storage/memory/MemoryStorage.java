package io.spool.storage.memory;

import io.spool.storage.AssistantStore;
import io.spool.storage.CheckpointStore;
import io.spool.storage.CronStore;
import io.spool.storage.EventBus;
import io.spool.storage.EventStore;
import io.spool.storage.ItemStore;
import io.spool.storage.RunQueue;
import io.spool.storage.RunStore;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.ThreadLocks;
import io.spool.storage.ThreadStore;
import io.spool.storage.local.LocalSeam;
import java.nio.file.Path;

/** Everything in the process; lost on exit. For tests and throwaway servers. */
public final class MemoryStorage implements Storage {

    private final MemoryThreadStore threads;
    private final MemoryRunStore runs;
    private final MemoryCheckpointStore checkpoints;
    private final MemoryEventStore events;
    private final MemoryAssistantStore assistants;
    private final MemoryItemStore items;
    private final MemoryCronStore crons;
    private final LocalSeam seam;

    /** With the default options. */
    public MemoryStorage() {
        this(new StorageOptions(Path.of(".")));
    }

    public MemoryStorage(StorageOptions options) {
        this(new MemoryThreadStore(), new MemoryRunStore(), new MemoryCheckpointStore(), new MemoryEventStore(),
                new MemoryAssistantStore(), new MemoryItemStore(), new MemoryCronStore(), options);
    }

    /**
     * The same stores as {@code before} with a fresh seam: what a restarted process would find if memory outlived
     * one (the contract tests' restart). Close {@code before} first.
     */
    MemoryStorage(MemoryStorage before, StorageOptions options) {
        this(before.threads, before.runs, before.checkpoints, before.events, before.assistants, before.items,
                before.crons, options);
    }

    private MemoryStorage(MemoryThreadStore threads, MemoryRunStore runs, MemoryCheckpointStore checkpoints,
                          MemoryEventStore events, MemoryAssistantStore assistants, MemoryItemStore items,
                          MemoryCronStore crons, StorageOptions options) {
        this.threads = threads;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.events = events;
        this.assistants = assistants;
        this.items = items;
        this.crons = crons;
        this.seam = new LocalSeam(events, options);
    }

    @Override
    public String name() {
        return "memory";
    }

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
    public ItemStore items() {
        return items;
    }

    @Override
    public CronStore crons() {
        return crons;
    }

    @Override
    public ThreadLocks threadLocks() {
        return seam.threadLocks();
    }

    @Override
    public RunQueue runQueue() {
        return seam.runQueue();
    }

    @Override
    public EventBus eventBus() {
        return seam.eventBus();
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
        seam.close();
    }
}
