package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tasks} stream mode (a node starts, a node ends) and the matching {@code task} / {@code task_result}
 * events of the {@code debug} mode, shaped as LangGraph sends them. Only the runtime sees tasks start and end; the
 * server adds the {@code checkpoints} events (and debug {@code checkpoint} ones) when it saves checkpoints.
 */
final class TaskEvents {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private TaskEvents() {
    }

    static void started(RunContext context, NodeTask task) {
        if (!wanted(task.writer)) return;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", task.id);
        payload.put("name", task.node);
        payload.put("input", task.input);
        payload.put("triggers", List.of("branch:to:" + task.node));
        payload.put("interrupts", List.of());
        payload.put("metadata", context.runMetadata());
        emit(task, "task", payload);
    }

    static void finished(RunContext context, NodeTask task, Map<String, Object> update, Throwable error) {
        if (!wanted(task.writer)) return;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", task.id);
        payload.put("name", task.node);
        payload.put("result", error == null ? update : null);
        if (error instanceof GraphInterrupt interrupt) {
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("id", interrupt.id);
            pending.put("value", interrupt.value());
            payload.put("interrupts", List.of(pending));
            payload.put("error", null);
        } else {
            payload.put("interrupts", List.of());
            payload.put("error", error == null ? null : Map.of("error", error.getClass().getSimpleName(),
                    "message", String.valueOf(error.getMessage())));
        }
        emit(task, "task_result", payload);
    }

    private static boolean wanted(StreamWriter writer) {
        return writer.wants("tasks") || writer.wants("debug");
    }

    /** To the task's writer: a subgraph's task events are namespaced, as LangGraph streams them. */
    private static void emit(NodeTask task, String debugType, Map<String, Object> payload) {
        StreamWriter writer = task.writer;
        if (writer.wants("tasks")) writer.emit("tasks", payload);
        if (writer.wants("debug")) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("step", task.step);
            event.put("type", debugType);
            event.put("timestamp", TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC)));
            event.put("payload", payload);
            writer.emit("debug", event);
        }
    }
}
