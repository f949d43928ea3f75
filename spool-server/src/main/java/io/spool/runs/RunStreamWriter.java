package io.spool.runs;

import io.spool.graph.StreamWriter;
import io.spool.json.Json;
import io.spool.storage.EventBus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's stream writer: appends the events of the modes the run asked for to its thread's log. Two modes are derived
 * here, so runtimes need not know them: the deprecated {@code messages} from chunks and updates (runtimes only ever
 * emit {@code messages-tuple}), and {@code events} from the run's start and end, task events and chunks. Runtimes are
 * asked for what a derived mode needs even when the client did not ask for it; only the asked-for modes reach the log.
 */
final class RunStreamWriter implements StreamWriter {

    private final EventBus logs;
    private final String threadId;
    private final String runId;
    private final Set<String> modes;
    private final LegacyMessages legacy;
    private final LangChainEvents events;

    /** {@code metadata} and {@code tags}: the run's, for the {@code events} mode. */
    RunStreamWriter(EventBus logs, String threadId, String runId, Set<String> modes, Map<String, Object> metadata,
                    List<Object> tags) {
        this.logs = logs;
        this.threadId = threadId;
        this.runId = runId;
        this.modes = modes;
        this.legacy = modes.contains("messages") ? new LegacyMessages(this::append) : null;
        this.events = modes.contains("events")
                ? new LangChainEvents(record -> append("events", record), runId, metadata, tags) : null;
    }

    @Override
    public boolean wants(String mode) {
        return modes.contains(mode)
                || legacy != null && (mode.equals("messages-tuple") || mode.equals("updates"))
                || events != null && (mode.equals("messages-tuple") || mode.equals("tasks"));
    }

    @Override
    public void emit(String mode, Object payload) {
        if (legacy != null) {
            if (mode.equals("messages-tuple")) legacy.onChunk(payload);
            else if (mode.equals("updates")) legacy.onUpdate(payload);
        }
        if (events != null) {
            if (mode.equals("tasks")) events.onTask(payload);
            else if (mode.equals("messages-tuple")) events.onChunk(payload);
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

    /**
     * The run starts with {@code input} (its {@code command} when it has no input) from a checkpoint of super-step
     * {@code step} ({@code -1} on a new thread).
     */
    void runStarted(Object input, int step) {
        if (events != null) events.graphStarted(input, step);
    }

    /** The run ended without failing or being cancelled (it may have paused on an interrupt). */
    void runSucceeded(Map<String, Object> finalValues) {
        if (events != null) events.graphEnded(finalValues);
    }

    /** The run saved a checkpoint of super-step {@code step}. */
    void checkpointSaved(int step) {
        if (events != null) events.checkpointSaved(step);
    }

    private void append(String event, Object payload) {
        logs.append(threadId, runId, event, Json.bytes(payload));
    }

    /** The SSE event name of a stream mode: {@code messages-tuple} is sent as {@code messages}. */
    static String eventName(String mode) {
        return mode.equals("messages-tuple") ? "messages" : mode;
    }
}
