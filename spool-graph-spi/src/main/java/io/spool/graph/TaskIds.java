package io.spool.graph;

import java.util.UUID;

/**
 * The id of a task: the execution of {@code node} that follows checkpoint {@code checkpointId}. The server (in a
 * state's {@code tasks} and a thread's {@code interrupts}) and runtimes (in {@code tasks} and {@code debug} events)
 * compute it the same way, so one task has one id everywhere, as in LangGraph.
 */
public final class TaskIds {

    private static final UUID NAMESPACE = UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8");

    private TaskIds() {
    }

    public static String of(String checkpointId, String node) {
        return NameBasedUuid.v5(UUID.fromString(NameBasedUuid.v5(NAMESPACE, checkpointId)), node);
    }
}
