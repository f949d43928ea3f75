package io.spool.storage;

/** A storage backend: every store the server needs, from one place. */
public interface Storage extends AutoCloseable {

    ThreadStore threads();

    RunStore runs();

    CheckpointStore checkpoints();

    EventStore events();

    AssistantStore assistants();

    /** Whether data survives a restart (and so crash recovery has something to recover). */
    boolean durable();

    /** A cheap round trip to the backend, for {@code GET /ok?check_db=1}. */
    void ping();

    @Override
    void close();
}
