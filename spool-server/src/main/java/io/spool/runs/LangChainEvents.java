package io.spool.runs;

import io.spool.graph.NameBasedUuid;
import io.spool.ids.Ids;
import io.spool.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The {@code events} stream mode: LangChain {@code astream_events} (v2) records, derived from what every runtime
 * reports (the run's start and end, {@code tasks} events, {@code messages-tuple} chunks, checkpoint steps), so any
 * graph gets them. {@code on_chain_start} / {@code on_chain_end} for the graph (named {@value #GRAPH_NAME}, with the
 * run's id) and for each task (a run id of its own, tag {@code graph:step:N}, LangGraph's {@code langgraph_*}
 * metadata), and for each chat model's message {@code on_chat_model_start} at its first chunk,
 * {@code on_chat_model_stream} for each chunk and {@code on_chat_model_end} (the whole message) when its task or the
 * run ends. A model's input is not reported by runtimes; its records show the task's input {@code messages}, which
 * is what a model node is usually given. As in LangChain, failures are not events: a task that fails or pauses on an
 * interrupt, and a run that fails, get no {@code on_chain_end} (nor do the models of a failed task end).
 */
final class LangChainEvents {

    /** The name LangGraph gives a compiled graph's run. */
    static final String GRAPH_NAME = "LangGraph";

    /** Names the model runs of message ids that do not carry one (RFC 4122's URL namespace: any fixed one will do). */
    private static final UUID MESSAGE_RUNS = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private final Consumer<Map<String, Object>> out;
    private final String runId;
    private final Map<String, Object> metadata;
    private final List<Object> tags;
    /** Tasks started and not ended, by task id. */
    private final Map<String, TaskRun> tasks = new HashMap<>();
    /** Chat model runs started and not ended, by their run id. */
    private final Map<String, ModelRun> models = new LinkedHashMap<>();
    /** The step of the run's newest checkpoint: a task that starts now makes the next one. */
    private int step = -1;

    private record TaskRun(String runId, String name, List<Object> tags, Map<String, Object> metadata, Object input) {
    }

    /** A chat model's run inside a task (null outside any): its records' fields and the message its chunks make. */
    private record ModelRun(String runId, String taskId, String name, List<Object> tags, Map<String, Object> metadata,
                            List<String> parents, Map<String, Object> input, StringBuilder content,
                            Map<Object, Map<String, Object>> toolCallChunks, Object messageId) {
    }

    /**
     * @param metadata the run's metadata ({@code graph_id}, {@code assistant_id}, {@code thread_id}, {@code run_id},
     *                 ...), on every record
     * @param tags     the run config's tags, on every chain record
     */
    LangChainEvents(Consumer<Map<String, Object>> out, String runId, Map<String, Object> metadata, List<Object> tags) {
        this.out = out;
        this.runId = runId;
        this.metadata = metadata;
        this.tags = tags;
    }

    /** The run starts from a checkpoint of super-step {@code fromStep}. */
    synchronized void graphStarted(Object input, int fromStep) {
        step = fromStep;
        out.accept(record("on_chain_start", data("input", input), GRAPH_NAME, tags, runId, metadata, List.of()));
    }

    synchronized void graphEnded(Object output) {
        endModels(null);
        out.accept(record("on_chain_end", data("output", output), GRAPH_NAME, tags, runId, metadata, List.of()));
    }

    synchronized void checkpointSaved(int checkpointStep) {
        step = checkpointStep;
    }

    /** A {@code tasks} event: a task's start (it has {@code input}) or its result. */
    synchronized void onTask(Object event) {
        if (!(event instanceof Map<?, ?> p) || !(p.get("id") instanceof String id)) return;
        if (p.containsKey("input")) {
            String name = String.valueOf(p.get("name"));
            TaskRun task = new TaskRun(Ids.uuid7(), name, stepTags(step + 1), taskMetadata(id, name, p.get("triggers")),
                    p.get("input"));
            tasks.put(id, task);
            out.accept(record("on_chain_start", data("input", task.input()), name, task.tags(), task.runId(),
                    task.metadata(), List.of(runId)));
            return;
        }
        TaskRun task = tasks.remove(id);
        boolean failed = p.get("error") != null;
        if (failed) models.values().removeIf(model -> id.equals(model.taskId()));
        else endModels(id);
        boolean paused = p.get("interrupts") instanceof List<?> l && !l.isEmpty();
        if (task == null || failed || paused) return;
        Map<String, Object> data = data("output", p.get("result"));
        data.put("input", task.input());
        out.accept(record("on_chain_end", data, task.name(), task.tags(), task.runId(), task.metadata(),
                List.of(runId)));
    }

    /** A {@code messages-tuple} event {@code [chunk, metadata]}: one token of a chat model inside a task. */
    @SuppressWarnings("unchecked")
    synchronized void onChunk(Object tuple) {
        if (!(tuple instanceof List<?> l) || l.size() < 2 || !(l.get(0) instanceof Map<?, ?> chunk)) return;
        Map<String, Object> chunkMetadata = l.get(1) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String modelRunId = modelRunId(chunk.get("id"));
        ModelRun model = models.get(modelRunId);
        if (model == null) {
            model = startModel(modelRunId, chunk.get("id"), chunkMetadata);
            models.put(modelRunId, model);
            out.accept(record("on_chat_model_start", data("input", model.input()), model.name(), model.tags(),
                    model.runId(), model.metadata(), model.parents()));
        }
        if (chunk.get("content") instanceof String text) model.content().append(text);
        if (chunk.get("tool_call_chunks") instanceof List<?> pieces) {
            for (Object piece : pieces) {
                if (piece instanceof Map<?, ?> p) merge(model.toolCallChunks(), p);
            }
        }
        out.accept(record("on_chat_model_stream", data("chunk", chunk), model.name(), model.tags(), model.runId(),
                model.metadata(), model.parents()));
    }

    @SuppressWarnings("unchecked")
    private ModelRun startModel(String modelRunId, Object messageId, Map<String, Object> chunkMetadata) {
        Map<String, Object> recordMetadata = new LinkedHashMap<>(chunkMetadata);
        Object chunkTags = recordMetadata.remove("tags");
        List<String> parents = new ArrayList<>(List.of(runId));
        String taskId = taskIdOf(chunkMetadata.get("langgraph_checkpoint_ns"));
        TaskRun task = tasks.get(taskId);
        if (task != null) parents.add(task.runId());
        Object given = task != null && task.input() instanceof Map<?, ?> input ? input.get("messages") : null;
        // LangChain shows a chat model's input as a batch of message lists
        Map<String, Object> input = data("messages", List.of(given instanceof List<?> messages ? messages : List.of()));
        return new ModelRun(modelRunId, task != null ? taskId : null, modelName(chunkMetadata),
                chunkTags instanceof List<?> t ? (List<Object>) t : List.of(), recordMetadata, parents, input,
                new StringBuilder(), new LinkedHashMap<>(), messageId);
    }

    /** Adds a tool call's piece to the call of its index, as LangChain adds message chunks: args text appended. */
    private static void merge(Map<Object, Map<String, Object>> calls, Map<?, ?> piece) {
        Map<String, Object> call = calls.computeIfAbsent(piece.get("index"), index -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", null);
            m.put("args", "");
            m.put("id", null);
            m.put("index", index);
            m.put("type", "tool_call_chunk");
            return m;
        });
        if (call.get("name") == null) call.put("name", piece.get("name"));
        if (call.get("id") == null) call.put("id", piece.get("id"));
        if (piece.get("args") instanceof String args) call.put("args", call.get("args") + args);
    }

    /** The tool calls of whole pieces, their args parsed (LangChain's {@code tool_calls} of a chunk). */
    private static List<Object> toolCalls(Collection<Map<String, Object>> pieces) {
        List<Object> calls = new ArrayList<>();
        for (Map<String, Object> piece : pieces) {
            Object args;
            String text = String.valueOf(piece.get("args"));
            try {
                args = text.isBlank() ? Map.of() : Json.plain(text.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException notJson) {
                continue; // LangChain lists it under invalid_tool_calls; a runtime's streams never send that
            }
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("name", piece.get("name"));
            call.put("args", args instanceof Map<?, ?> ? args : Map.of());
            call.put("id", piece.get("id"));
            call.put("type", "tool_call");
            calls.add(call);
        }
        return calls;
    }

    /** Ends the model runs of the task {@code taskId} (every one still going when null) with their whole message. */
    private void endModels(String taskId) {
        var ending = models.values().iterator();
        while (ending.hasNext()) {
            ModelRun model = ending.next();
            if (taskId != null && !taskId.equals(model.taskId())) continue;
            ending.remove();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("content", model.content().toString());
            message.put("additional_kwargs", Map.of());
            message.put("response_metadata", Map.of());
            message.put("tool_call_chunks", List.copyOf(model.toolCallChunks().values()));
            message.put("tool_calls", toolCalls(model.toolCallChunks().values()));
            message.put("id", model.messageId());
            message.put("invalid_tool_calls", List.of());
            message.put("type", "ai");
            Map<String, Object> data = data("output", message);
            data.put("input", model.input());
            out.accept(record("on_chat_model_end", data, model.name(), model.tags(), model.runId(), model.metadata(),
                    model.parents()));
        }
    }

    private List<Object> stepTags(int taskStep) {
        List<Object> out = new ArrayList<>(tags);
        out.add("graph:step:" + taskStep);
        return out;
    }

    private Map<String, Object> taskMetadata(String taskId, String name, Object triggers) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        String namespace = name + ":" + taskId;
        m.put("langgraph_step", step + 1);
        m.put("langgraph_node", name);
        m.put("langgraph_triggers", triggers instanceof List<?> t ? t : List.of("branch:to:" + name));
        m.put("langgraph_path", List.of("__pregel_pull", name));
        m.put("langgraph_checkpoint_ns", namespace);
        m.put("checkpoint_ns", namespace);
        return m;
    }

    /** The task id in a checkpoint namespace {@code <node>:<task id>}. */
    private static String taskIdOf(Object namespace) {
        String ns = String.valueOf(namespace);
        return ns.substring(ns.lastIndexOf(':') + 1);
    }

    /** LangChain names a model's run after the model; the nearest thing a chunk carries is its {@code ls_*} info. */
    private static String modelName(Map<String, Object> chunkMetadata) {
        for (String key : List.of("ls_model_name", "ls_provider")) {
            if (chunkMetadata.get(key) instanceof String s && !s.isBlank()) return s;
        }
        return "chat_model";
    }

    /** A LangChain message id is {@code run-<id of the model's run>}; any other id maps to a stable UUID. */
    private static String modelRunId(Object messageId) {
        String id = String.valueOf(messageId);
        if (id.startsWith("run-")) {
            try {
                return UUID.fromString(id.substring(4)).toString();
            } catch (IllegalArgumentException notAUuid) {
                // fall through
            }
        }
        return NameBasedUuid.v5(MESSAGE_RUNS, id);
    }

    private static Map<String, Object> data(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> record(String event, Map<String, Object> data, String name, List<Object> tags,
                                              String runId, Map<String, Object> metadata, List<String> parentIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("data", data);
        m.put("name", name);
        m.put("tags", tags);
        m.put("run_id", runId);
        m.put("metadata", metadata);
        m.put("parent_ids", parentIds);
        return m;
    }
}
