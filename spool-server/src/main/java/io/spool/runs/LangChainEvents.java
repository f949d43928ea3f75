package io.spool.runs;

import io.spool.graph.NameBasedUuid;
import io.spool.ids.Ids;
import java.util.ArrayList;
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
 * metadata), and {@code on_chat_model_stream} for each message chunk. As in LangChain, failures are not events: a
 * task that fails or pauses on an interrupt, and a run that fails, get no {@code on_chain_end}.
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
    /** The step of the run's newest checkpoint: a task that starts now makes the next one. */
    private int step = -1;

    private record TaskRun(String runId, String name, List<Object> tags, Map<String, Object> metadata, Object input) {
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
        boolean paused = p.get("interrupts") instanceof List<?> l && !l.isEmpty();
        if (task == null || p.get("error") != null || paused) return;
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
        Map<String, Object> recordMetadata = new LinkedHashMap<>(chunkMetadata);
        Object chunkTags = recordMetadata.remove("tags");
        List<String> parents = new ArrayList<>(List.of(runId));
        TaskRun task = tasks.get(taskIdOf(chunkMetadata.get("langgraph_checkpoint_ns")));
        if (task != null) parents.add(task.runId());
        out.accept(record("on_chat_model_stream", data("chunk", chunk), modelName(chunkMetadata),
                chunkTags instanceof List<?> t ? (List<Object>) t : List.of(), modelRunId(chunk.get("id")),
                recordMetadata, parents));
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
