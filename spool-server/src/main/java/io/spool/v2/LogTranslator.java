package io.spool.v2;

import io.spool.json.Json;
import io.spool.storage.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a thread's log, read from its start, into protocol events. The log holds what runs streamed in the v1 stream
 * modes (run start and end markers, {@code values}, {@code updates}, {@code messages} tuples, {@code custom},
 * {@code tasks}, {@code checkpoints}, {@code error}; subgraph events named {@code <mode>|<namespace>}); this derives
 * what the protocol adds: root and subgraph {@code lifecycle}, {@code input.requested} from interrupts, and message
 * lifecycles ({@code message-start}, content blocks, {@code message-finish}) from token chunks.
 *
 * <p>The translation depends only on the log (and on {@link RunInfo} for names and end statuses), so every reader
 * numbers every event the same: that is what makes {@code seq} and {@code event_id} durable. One instance per
 * reader; not thread-safe.
 */
public final class LogTranslator {

    private final RunInfo runs;
    private long seq;
    private Run run; // the run whose events are being read; null between runs
    private Tree tree; // the latest run's namespaces, for agent.getTree

    public LogTranslator(RunInfo runs) {
        this.runs = runs;
    }

    /** The seq of the newest protocol event so far (0 before any). */
    public long lastSeq() {
        return seq;
    }

    /** The agent tree of the thread's latest run; null when the log had no run. */
    public Map<String, Object> tree() {
        return tree == null ? null : tree.view();
    }

    /** The protocol events of the next log event (often none, sometimes several). */
    public List<ProtocolEvent> translate(StreamEvent e) {
        List<ProtocolEvent> out = new ArrayList<>(2);
        Emitter emit = new Emitter(e.id().ms(), out);
        if (e.runId() == null) return out; // thread-level state updates: not part of the protocol
        if (e.isRunStart()) {
            startRun(e.runId(), emit);
            return out;
        }
        if (run == null || !run.runId.equals(e.runId())) {
            // events of a run whose start is not in this log (cannot happen with a full log); adopt it quietly
            startRun(e.runId(), null);
        }
        if (e.runEnd()) {
            endRun(emit);
            return out;
        }
        String name = e.event();
        int bar = name.indexOf('|');
        String mode = bar < 0 ? name : name.substring(0, bar);
        List<String> ns = bar < 0 ? List.of() : List.of(name.substring(bar + 1).split("\\|"));
        if (mode.equals("error")) {
            fail(Json.plain(e.data()), emit);
            return out;
        }
        if (!ns.isEmpty()) openNamespaces(ns, emit);
        if (!mode.equals("messages")) finishMessage(ns, emit);
        Object data = Json.plain(e.data());
        switch (mode) {
            case "values" -> values(ns, data, emit);
            case "updates" -> updates(ns, data, emit);
            case "messages" -> messages(ns, data, emit);
            case "custom" -> emit.event("custom", ns, null, Map.of("payload", data == null ? Map.of() : data));
            case "tasks" -> tasks(ns, data, emit);
            case "checkpoints" -> emit.event("checkpoints", ns, null, checkpoint(data));
            default -> {
                // other v1 modes (debug, events, legacy messages/*) have no protocol channel
            }
        }
        return out;
    }

    private void startRun(String runId, Emitter emit) {
        run = new Run(runId, runs.graphName(runId));
        tree = run.tree;
        if (emit != null) emit.event("lifecycle", List.of(), null, lifecycle("running", run.graphName, null));
    }

    private void endRun(Emitter emit) {
        finishAllMessages(emit);
        if (!run.ended) {
            String status = run.interrupted ? "interrupted" : runs.endStatus(run.runId);
            closeNamespaces(status, emit);
            run.tree.status = status;
            emit.event("lifecycle", List.of(), null, lifecycle(status, run.graphName, null));
        }
        run = null;
    }

    private void fail(Object error, Emitter emit) {
        finishAllMessages(emit);
        closeNamespaces("failed", emit);
        String message = error instanceof Map<?, ?> m && m.get("message") != null ? m.get("message").toString()
                : String.valueOf(error);
        run.ended = true;
        run.tree.status = "failed";
        emit.event("lifecycle", List.of(), null, lifecycle("failed", run.graphName, message));
    }

    private static Map<String, Object> lifecycle(String event, String graphName, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("graph_name", graphName);
        if (error != null) m.put("error", error);
        return m;
    }

    /** A subgraph namespace seen for the first time (and each of its prefixes) starts with a lifecycle event. */
    private void openNamespaces(List<String> ns, Emitter emit) {
        for (int i = 1; i <= ns.size(); i++) {
            List<String> prefix = ns.subList(0, i);
            if (run.tree.find(prefix) != null) continue;
            Tree node = run.tree.add(List.copyOf(prefix), graphNameOf(prefix.getLast()));
            run.open.add(node);
            emit.event("lifecycle", List.copyOf(prefix), null, lifecycle("started", node.graphName, null));
        }
    }

    /** A task's result in {@code parent} ends the subgraph namespace of that task ({@code <node>:<task id>}). */
    private void closeNamespaceOfTask(List<String> parent, String taskId, boolean failed, Emitter emit) {
        for (Tree node : List.copyOf(run.open)) {
            List<String> ns = node.namespace;
            if (ns.size() != parent.size() + 1 || !ns.subList(0, parent.size()).equals(parent)) continue;
            if (!ns.getLast().endsWith(":" + taskId)) continue;
            for (Tree child : List.copyOf(run.open)) {
                if (child != node && EventFilter.isPrefix(ns, child.namespace)) close(child, failed ? "failed"
                        : "completed", emit);
            }
            close(node, failed ? "failed" : "completed", emit);
        }
    }

    private void closeNamespaces(String status, Emitter emit) {
        List<Tree> open = new ArrayList<>(run.open);
        open.sort((a, b) -> b.namespace.size() - a.namespace.size()); // deepest first
        for (Tree node : open) close(node, status.equals("running") ? "completed" : status, emit);
    }

    private void close(Tree node, String status, Emitter emit) {
        run.open.remove(node);
        node.status = status;
        emit.event("lifecycle", node.namespace, null, lifecycle(status, node.graphName, null));
    }

    private static String graphNameOf(String segment) {
        int colon = segment.indexOf(':');
        return colon < 0 ? segment : segment.substring(0, colon);
    }

    private void values(List<String> ns, Object data, Emitter emit) {
        if (data instanceof Map<?, ?> m && m.containsKey("__interrupt__")) {
            inputRequests(ns, m.get("__interrupt__"), emit);
            Map<Object, Object> rest = new LinkedHashMap<>(m);
            rest.remove("__interrupt__");
            if (rest.isEmpty()) return;
            data = rest;
        }
        emit.event("values", ns, null, data);
    }

    private void updates(List<String> ns, Object data, Emitter emit) {
        if (!(data instanceof Map<?, ?> m)) {
            emit.event("updates", ns, null, data);
            return;
        }
        for (Map.Entry<?, ?> entry : m.entrySet()) {
            String node = String.valueOf(entry.getKey());
            if (node.equals("__interrupt__")) {
                inputRequests(ns, entry.getValue(), emit);
            } else {
                emit.event("updates", ns, node, entry.getValue() == null ? Map.of() : entry.getValue());
            }
        }
    }

    /** Each interrupt once per run, as {@code input.requested {interrupt_id, payload}}. */
    private void inputRequests(List<String> ns, Object interrupts, Emitter emit) {
        if (!(interrupts instanceof List<?> list)) return;
        for (Object i : list) {
            if (!(i instanceof Map<?, ?> m) || m.get("id") == null) continue;
            String id = m.get("id").toString();
            if (!run.interrupts.add(id)) continue;
            run.interrupted = true;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("interrupt_id", id);
            d.put("payload", m.get("value"));
            emit.event("input.requested", ns, null, d);
        }
    }

    private void tasks(List<String> ns, Object data, Emitter emit) {
        emit.event("tasks", ns, null, data);
        if (data instanceof Map<?, ?> m && m.containsKey("result") && m.get("id") != null) {
            closeNamespaceOfTask(ns, m.get("id").toString(), m.get("error") != null, emit);
        }
    }

    /** {@code {id, parent_id, step, source}}, as the reference sends a checkpoint. */
    private static Map<String, Object> checkpoint(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!(data instanceof Map<?, ?> c)) return m;
        m.put("id", configured(c.get("config"), "checkpoint_id"));
        m.put("parent_id", configured(c.get("parent_config"), "checkpoint_id"));
        if (c.get("metadata") instanceof Map<?, ?> md) {
            m.put("step", md.get("step"));
            m.put("source", md.get("source"));
        }
        return m;
    }

    private static Object configured(Object config, String key) {
        if (config instanceof Map<?, ?> c && c.get("configurable") instanceof Map<?, ?> conf) return conf.get(key);
        return null;
    }

    // ---- messages: token chunks into message lifecycles ----

    /**
     * A {@code [chunk, metadata]} tuple. An AI chunk with a new id starts a message (ending the namespace's previous
     * one); its text and tool-call pieces become content blocks. Messages end at their namespace's next other event,
     * at the next message, or at the run's end.
     */
    private void messages(List<String> ns, Object data, Emitter emit) {
        if (!(data instanceof List<?> tuple) || tuple.isEmpty() || !(tuple.getFirst() instanceof Map<?, ?> chunk)) {
            return;
        }
        Object type = chunk.get("type");
        if (!"ai".equals(type) && !"AIMessageChunk".equals(type)) return; // only model output streams as messages
        String id = chunk.get("id") == null ? "" : chunk.get("id").toString();
        String node = tuple.size() > 1 && tuple.get(1) instanceof Map<?, ?> md && md.get("langgraph_node") != null
                ? md.get("langgraph_node").toString() : null;
        Message msg = run.messages.get(ns);
        if (msg != null && !msg.id.equals(id)) {
            finishMessage(ns, emit);
            msg = null;
        }
        if (msg == null) {
            msg = new Message(id, node);
            run.messages.put(ns, msg);
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("event", "message-start");
            start.put("id", id);
            emit.event("messages", ns, node, start);
        }
        String text = textOf(chunk.get("content"));
        if (!text.isEmpty()) {
            Block b = msg.block("text", emit, ns);
            b.text.append(text);
            emit.event("messages", ns, msg.node, blockDelta(b.index, Map.of("type", "text-delta", "text", text)));
        }
        if (chunk.get("tool_call_chunks") instanceof List<?> calls) {
            for (Object c : calls) {
                if (!(c instanceof Map<?, ?> call)) continue;
                Object index = call.get("index") == null ? msg.blocks.size() : call.get("index");
                Block b = msg.toolBlock(String.valueOf(index), call, emit, ns);
                Object args = call.get("args");
                if (args != null && !args.toString().isEmpty()) {
                    b.text.append(args);
                    Map<String, Object> delta = new LinkedHashMap<>();
                    delta.put("type", "tool-call-delta");
                    delta.put("args", args.toString());
                    emit.event("messages", ns, msg.node, blockDelta(b.index, delta));
                }
            }
        }
    }

    private static Map<String, Object> blockDelta(int index, Map<String, Object> delta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "content-block-delta");
        m.put("index", index);
        m.put("delta", delta);
        return m;
    }

    private static String textOf(Object content) {
        if (content instanceof String s) return s;
        if (content instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
                if (p instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") != null) {
                    sb.append(m.get("text"));
                }
            }
            return sb.toString();
        }
        return "";
    }

    private void finishMessage(List<String> ns, Emitter emit) {
        if (run == null) return;
        Message msg = run.messages.remove(ns);
        if (msg == null) return;
        for (Block b : msg.blocks.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "content-block-finish");
            m.put("index", b.index);
            m.put("content", b.finished());
            emit.event("messages", ns, msg.node, m);
        }
        Map<String, Object> finish = new LinkedHashMap<>();
        finish.put("event", "message-finish");
        finish.put("reason", msg.blocks.values().stream().anyMatch(b -> b.type.equals("tool_call_chunk"))
                ? "tool_calls" : "stop");
        emit.event("messages", ns, msg.node, finish);
    }

    private void finishAllMessages(Emitter emit) {
        for (List<String> ns : List.copyOf(run.messages.keySet())) finishMessage(ns, emit);
    }

    private final class Emitter {
        private final long ms;
        private final List<ProtocolEvent> out;

        Emitter(long ms, List<ProtocolEvent> out) {
            this.ms = ms;
            this.out = out;
        }

        void event(String method, List<String> ns, String node, Object data) {
            seq++;
            out.add(new ProtocolEvent(seq, ms + "-" + seq, method, ns, node, ms, data));
        }
    }

    private static final class Run {
        final String runId;
        final String graphName;
        final Tree tree;
        final List<Tree> open = new ArrayList<>();
        final Set<String> interrupts = new HashSet<>();
        final Map<List<String>, Message> messages = new HashMap<>();
        boolean interrupted;
        boolean ended;

        Run(String runId, String graphName) {
            this.runId = runId;
            this.graphName = graphName;
            this.tree = new Tree(List.of(), graphName);
            this.tree.status = "running";
        }
    }

    private static final class Message {
        final String id;
        final String node;
        final Map<String, Block> blocks = new LinkedHashMap<>();

        Message(String id, String node) {
            this.id = id;
            this.node = node;
        }

        Block block(String key, LogTranslator.Emitter emit, List<String> ns) {
            Block b = blocks.get(key);
            if (b != null) return b;
            b = new Block(blocks.size(), "text", null, null);
            blocks.put(key, b);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "content-block-start");
            m.put("index", b.index);
            m.put("content", Map.of("type", "text", "text", ""));
            emit.event("messages", ns, node, m);
            return b;
        }

        Block toolBlock(String index, Map<?, ?> call, LogTranslator.Emitter emit, List<String> ns) {
            String key = "tool:" + index;
            Block b = blocks.get(key);
            if (b != null) return b;
            String id = call.get("id") == null ? null : call.get("id").toString();
            String name = call.get("name") == null ? null : call.get("name").toString();
            b = new Block(blocks.size(), "tool_call_chunk", id, name);
            blocks.put(key, b);
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("type", "tool_call_chunk");
            content.put("id", id);
            content.put("name", name);
            content.put("args", "");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "content-block-start");
            m.put("index", b.index);
            m.put("content", content);
            emit.event("messages", ns, node, m);
            return b;
        }
    }

    private static final class Block {
        final int index;
        final String type;
        final String id;
        final String name;
        final StringBuilder text = new StringBuilder();

        Block(int index, String type, String id, String name) {
            this.index = index;
            this.type = type;
            this.id = id;
            this.name = name;
        }

        /** The whole block: the text, or the tool call with its arguments parsed (text when they are not JSON). */
        Map<String, Object> finished() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (type.equals("text")) {
                m.put("type", "text");
                m.put("text", text.toString());
                return m;
            }
            m.put("type", "tool_call");
            m.put("id", id);
            m.put("name", name);
            Object args;
            try {
                args = text.isEmpty() ? Map.of() : Json.plain(text.toString().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException notJson) {
                args = text.toString();
            }
            m.put("args", args);
            return m;
        }
    }

    /** A run's namespaces and their lifecycle status, for {@code agent.getTree}. */
    private static final class Tree {
        final List<String> namespace;
        final String graphName;
        final List<Tree> children = new ArrayList<>();
        String status = "started";

        Tree(List<String> namespace, String graphName) {
            this.namespace = namespace;
            this.graphName = graphName;
        }

        Tree find(List<String> ns) {
            if (ns.equals(namespace)) return this;
            for (Tree c : children) {
                if (ns.size() >= c.namespace.size() && c.namespace.equals(ns.subList(0, c.namespace.size()))) {
                    return c.find(ns);
                }
            }
            return null;
        }

        Tree add(List<String> ns, String graphName) {
            Tree parent = find(ns.subList(0, ns.size() - 1));
            Tree t = new Tree(ns, graphName);
            parent.children.add(t);
            return t;
        }

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespace", namespace);
            m.put("status", status);
            m.put("graph_name", graphName);
            if (!children.isEmpty()) m.put("children", children.stream().map(Tree::view).toList());
            return m;
        }
    }
}
