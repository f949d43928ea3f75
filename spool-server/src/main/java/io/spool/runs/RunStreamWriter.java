package io.spool.runs;

import io.spool.graph.StreamWriter;
import io.spool.json.Json;
import io.spool.stream.ThreadLogs;
import java.util.List;
import java.util.Set;

/**
 * A run's stream writer: appends the events of the modes the run asked for to its thread's log. The deprecated
 * {@code messages} mode is derived here from chunks and updates, so runtimes only ever emit {@code messages-tuple}.
 */
final class RunStreamWriter implements StreamWriter {

    private final ThreadLogs logs;
    private final String threadId;
    private final String runId;
    private final Set<String> modes;
    private final LegacyMessages legacy;

    RunStreamWriter(ThreadLogs logs, String threadId, String runId, Set<String> modes) {
        this.logs = logs;
        this.threadId = threadId;
        this.runId = runId;
        this.modes = modes;
        this.legacy = modes.contains("messages") ? new LegacyMessages(this::append) : null;
    }

    @Override
    public boolean wants(String mode) {
        return modes.contains(mode)
                || legacy != null && (mode.equals("messages-tuple") || mode.equals("updates"));
    }

    @Override
    public void emit(String mode, Object payload) {
        if (legacy != null) {
            if (mode.equals("messages-tuple")) legacy.onChunk(payload);
            else if (mode.equals("updates")) legacy.onUpdate(payload);
        }
        if (modes.contains(mode)) append(eventName(mode), payload);
    }

    /**
     * A subgraph's event, named {@code <event>|<namespace>...}. Its message chunks also feed the legacy
     * {@code messages} mode, whose events carry no namespace (as the Python server sends them).
     */
    @Override
    public void emit(String mode, List<String> namespace, Object payload) {
        if (legacy != null && mode.equals("messages-tuple")) legacy.onChunk(payload);
        if (modes.contains(mode)) append(eventName(mode) + "|" + String.join("|", namespace), payload);
    }

    private void append(String event, Object payload) {
        logs.append(threadId, runId, event, Json.bytes(payload));
    }

    /** The SSE event name of a stream mode: {@code messages-tuple} is sent as {@code messages}. */
    static String eventName(String mode) {
        return mode.equals("messages-tuple") ? "messages" : mode;
    }
}
