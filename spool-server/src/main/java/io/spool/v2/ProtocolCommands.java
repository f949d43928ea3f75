package io.spool.v2;

import io.spool.errors.ApiError;
import io.spool.runs.RunCreate;
import io.spool.runs.RunService;
import io.spool.storage.EventBus;
import io.spool.storage.MultitaskStrategy;
import io.spool.storage.RunRecord;
import io.spool.storage.ThreadRecord;
import io.spool.threads.ThreadService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol's commands on a thread ({@code run.start}, {@code input.respond}, {@code state.get},
 * {@code agent.getTree}), answered with the protocol's envelopes: {@code {type:"success", id, result, meta}} or
 * {@code {type:"error", id, error, message, meta}}. The same for {@code POST /threads/{id}/commands} and the
 * WebSocket. Requests the server refuses for reasons of the thread or assistant (not found, busy) are thrown as
 * {@link ApiError}, which HTTP answers with its status and the WebSocket as an error envelope.
 */
public final class ProtocolCommands {

    /** The modes a protocol run streams into the log: everything the protocol's channels are made of. */
    static final List<String> RUN_MODES = List.of("values", "updates", "messages-tuple", "custom", "tasks",
            "checkpoints");

    private final RunService runs;
    private final ThreadService threads;
    private final EventBus logs;
    private final RunInfo runInfo;

    public ProtocolCommands(RunService runs, ThreadService threads, EventBus logs, RunInfo runInfo) {
        this.runs = runs;
        this.threads = threads;
        this.logs = logs;
        this.runInfo = runInfo;
    }

    /** A command with its {@code id} (a non-negative integer), {@code method} and {@code params} (an object). */
    public record Command(long id, String method, Map<String, Object> params) {
    }

    /**
     * Reads a command envelope; null with the reason in {@code problem[0]} when it is not one (the JSON was an
     * object, but without an integer {@code id} or a string {@code method}, or with non-object {@code params}).
     */
    @SuppressWarnings("unchecked")
    public static Command parse(Object body, String[] problem) {
        if (!(body instanceof Map<?, ?> m)) {
            problem[0] = "A protocol command must be a JSON object with an integer id and a string method.";
            return null;
        }
        Object id = m.get("id");
        if (!(id instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
            problem[0] = "Field 'id' is required and must be a non-negative integer.";
            return null;
        }
        if (!(m.get("method") instanceof String method)) {
            problem[0] = "Field 'method' is required and must be a string.";
            return null;
        }
        Object params = m.get("params");
        if (params != null && !(params instanceof Map)) {
            problem[0] = "Field 'params' must be an object.";
            return null;
        }
        return new Command(n.longValue(), method, params == null ? Map.of() : (Map<String, Object>) params);
    }

    /** Runs a command; HTTP-only and WebSocket-only commands are the caller's. */
    public Map<String, Object> handle(String threadId, Command c) throws InterruptedException {
        return switch (c.method()) {
            case "run.start" -> runStart(threadId, c);
            case "input.respond" -> inputRespond(threadId, c);
            case "state.get" -> stateGet(threadId, c);
            case "agent.getTree" -> agentTree(threadId, c);
            default -> error(threadId, c.id(), "unknown_command", "Unknown protocol command: " + c.method());
        };
    }

    private Map<String, Object> runStart(String threadId, Command c) throws InterruptedException {
        Map<String, Object> p = c.params();
        if (!(p.get("assistant_id") instanceof String assistantId) || assistantId.isEmpty()) {
            return error(threadId, c.id(), "invalid_argument", "run.start requires an assistant_id.");
        }
        Map<String, Object> config = object(p, "config");
        Map<String, Object> metadata = object(p, "metadata");
        if (p.containsKey("config") && config == null || p.containsKey("metadata") && metadata == null) {
            return error(threadId, c.id(), "invalid_argument", "run.start: config and metadata must be objects.");
        }
        MultitaskStrategy strategy = strategy(p);
        Object input = p.get("input");
        // As the reference server: input sent to a thread paused on an interrupt answers the interrupt.
        ThreadRecord thread = threads.find(threadId).orElse(null);
        boolean resume = input != null && thread != null && !thread.interrupts().isEmpty();
        RunRecord run = runs.create(threadId, runCreate(assistantId, resume ? null : input,
                resume ? Map.of("resume", input) : null, config, metadata, strategy), false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run_id", run.runId());
        return success(threadId, c.id(), result);
    }

    private Map<String, Object> inputRespond(String threadId, Command c) throws InterruptedException {
        Map<String, Object> p = c.params();
        Map<String, Object> answers = new LinkedHashMap<>();
        if (p.get("responses") instanceof List<?> responses) {
            for (Object r : responses) {
                if (!(r instanceof Map<?, ?> entry) || !(entry.get("interrupt_id") instanceof String id)) {
                    return error(threadId, c.id(), "invalid_argument",
                            "input.respond responses entries require an interrupt_id.");
                }
                answers.put(id, entry.get("response"));
            }
            if (answers.isEmpty()) {
                return error(threadId, c.id(), "invalid_argument", "input.respond requires at least one response.");
            }
        } else if (p.get("interrupt_id") instanceof String id) {
            answers.put(id, p.get("response"));
        } else {
            return error(threadId, c.id(), "invalid_argument", "input.respond requires an interrupt_id.");
        }
        ThreadRecord thread = threads.require(threadId);
        Map<String, Object> pending = thread.interrupts();
        if (pending == null || pending.isEmpty()) {
            return error(threadId, c.id(), "invalid_argument",
                    "input.respond can only be used while the run is interrupted.");
        }
        for (String id : answers.keySet()) {
            if (!pendingIds(pending).contains(id)) {
                return error(threadId, c.id(), "invalid_argument", "No pending interrupt with id " + id
                        + " on this thread; pending: " + pendingIds(pending));
            }
        }
        Object assistantId = thread.metadata().get("assistant_id");
        if (assistantId == null) {
            return error(threadId, c.id(), "no_such_run", "Thread has no assistant; call run.start first.");
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("resume", answers);
        if (p.get("update") != null) command.put("update", p.get("update"));
        if (p.get("goto") != null) command.put("goto", p.get("goto"));
        runs.create(threadId, runCreate(assistantId.toString(), null, command, object(p, "config"),
                object(p, "metadata"), null), false);
        return success(threadId, c.id(), Map.of());
    }

    private static List<String> pendingIds(Map<String, Object> pending) {
        return pending.values().stream().filter(List.class::isInstance).flatMap(l -> ((List<?>) l).stream())
                .filter(Map.class::isInstance).map(i -> String.valueOf(((Map<?, ?>) i).get("id"))).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stateGet(String threadId, Command c) throws InterruptedException {
        Map<String, Object> state = threads.state(threadId, false);
        Map<String, Object> values = state.get("values") instanceof Map<?, ?> v
                ? new LinkedHashMap<>((Map<String, Object>) v) : new LinkedHashMap<>();
        if (c.params().get("keys") instanceof List<?> keys) values.keySet().retainAll(keys);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("values", values);
        if (state.get("checkpoint") instanceof Map<?, ?> cp && cp.get("checkpoint_id") != null) {
            Map<String, Object> checkpoint = new LinkedHashMap<>();
            checkpoint.put("id", cp.get("checkpoint_id"));
            checkpoint.put("ns", cp.get("checkpoint_ns") == null ? "" : cp.get("checkpoint_ns"));
            result.put("checkpoint", checkpoint);
        }
        return success(threadId, c.id(), result);
    }

    private Map<String, Object> agentTree(String threadId, Command c) throws InterruptedException {
        threads.require(threadId);
        try (ProtocolReader reader = new ProtocolReader(logs, threadId, runInfo)) {
            reader.catchUp();
            Map<String, Object> tree = reader.translator().tree();
            if (tree == null) return error(threadId, c.id(), "no_such_run", "No run has started on this thread.");
            return success(threadId, c.id(), Map.of("tree", tree), reader.translator().lastSeq());
        }
    }

    private static RunCreate runCreate(String assistantId, Object input, Map<String, Object> command,
                                       Map<String, Object> config, Map<String, Object> metadata,
                                       MultitaskStrategy strategy) {
        Map<String, Object> checkpoint = null;
        if (config != null && config.get("configurable") instanceof Map<?, ?> conf
                && conf.get("checkpoint_id") != null) {
            checkpoint = Map.of("checkpoint_id", conf.get("checkpoint_id"));
        }
        return new RunCreate(assistantId, input, command, config, null, metadata, RUN_MODES, true, true, null, null,
                strategy, "create", null, "continue", 0, checkpoint, null);
    }

    /** {@code multitask_strategy} (or the SDK's older {@code multitaskStrategy}); enqueue when absent or unknown. */
    private static MultitaskStrategy strategy(Map<String, Object> p) {
        Object s = p.get("multitask_strategy") != null ? p.get("multitask_strategy") : p.get("multitaskStrategy");
        return s instanceof String wire && MultitaskStrategy.WIRE.contains(wire) ? MultitaskStrategy.of(wire)
                : MultitaskStrategy.ENQUEUE;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> p, String key) {
        return p.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private Map<String, Object> success(String threadId, long id, Object result) throws InterruptedException {
        return success(threadId, id, result, appliedThroughSeq(threadId));
    }

    /** A success envelope; {@code seq} is the {@code applied_through_seq} of its meta. */
    public static Map<String, Object> success(String threadId, long id, Object result, long seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "success");
        m.put("id", id);
        m.put("result", result);
        m.put("meta", meta(threadId, seq));
        return m;
    }

    /** An error envelope; {@code id} null when the command had none. */
    public Map<String, Object> error(String threadId, Long id, String code, String message)
            throws InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("id", id);
        m.put("error", code);
        m.put("message", message);
        if (threadId != null && threads.find(threadId).isPresent()) m.put("meta", meta(threadId,
                appliedThroughSeq(threadId)));
        return m;
    }

    private static Map<String, Object> meta(String threadId, long seq) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("thread_id", threadId);
        meta.put("applied_through_seq", seq);
        return meta;
    }

    /** The seq of the thread's newest protocol event: the log translated up to now. */
    private long appliedThroughSeq(String threadId) throws InterruptedException {
        try (ProtocolReader reader = new ProtocolReader(logs, threadId, runInfo)) {
            reader.catchUp();
            return reader.translator().lastSeq();
        }
    }
}
