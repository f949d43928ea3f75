package io.spool.runs;

import io.spool.graph.StreamWriter;
import io.spool.json.Json;
import io.spool.stream.ThreadLogs;
import java.util.Set;

/** A run's stream writer: appends the events of the modes the run asked for to its thread's log. */
final class RunStreamWriter implements StreamWriter {

    private final ThreadLogs logs;
    private final String threadId;
    private final String runId;
    private final Set<String> modes;

    RunStreamWriter(ThreadLogs logs, String threadId, String runId, Set<String> modes) {
        this.logs = logs;
        this.threadId = threadId;
        this.runId = runId;
        this.modes = modes;
    }

    @Override
    public boolean wants(String mode) {
        return modes.contains(mode);
    }

    @Override
    public void emit(String mode, Object payload) {
        if (!wants(mode)) return;
        logs.append(threadId, runId, eventName(mode), Json.bytes(payload));
    }

    /** The SSE event name of a stream mode: {@code messages-tuple} is sent as {@code messages}. */
    static String eventName(String mode) {
        return mode.equals("messages-tuple") ? "messages" : mode;
    }
}
