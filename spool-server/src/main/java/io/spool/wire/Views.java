package io.spool.wire;

import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;
import io.spool.graph.TaskIds;
import io.spool.storage.Assistant;
import io.spool.storage.CronRecord;
import io.spool.storage.RunRecord;
import io.spool.storage.StoreItem;
import io.spool.storage.ThreadRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API's resources, built from stored records. */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> assistant(Assistant a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assistant_id", a.assistantId());
        m.put("graph_id", a.graphId());
        m.put("config", a.config());
        m.put("context", a.context());
        m.put("metadata", a.metadata());
        m.put("name", a.name());
        m.put("description", a.description());
        m.put("version", a.version());
        m.put("created_at", Times.format(a.createdAt()));
        m.put("updated_at", Times.format(a.updatedAt()));
        return m;
    }

    /** A cron, with the official fields. */
    public static Map<String, Object> cron(CronRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cron_id", c.cronId());
        m.put("assistant_id", c.assistantId());
        m.put("thread_id", c.threadId());
        m.put("on_run_completed", c.onRunCompleted());
        m.put("end_time", Times.format(c.endTime()));
        m.put("schedule", c.schedule());
        m.put("timezone", c.timezone());
        m.put("created_at", Times.format(c.createdAt()));
        m.put("updated_at", Times.format(c.updatedAt()));
        m.put("payload", c.payload());
        m.put("user_id", c.userId());
        m.put("next_run_date", Times.format(c.nextRunDate()));
        m.put("metadata", c.metadata());
        m.put("enabled", c.enabled());
        return m;
    }

    /** A store item: {@code namespace, key, value, created_at, updated_at}. */
    public static Map<String, Object> storeItem(StoreItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", i.namespace());
        m.put("key", i.key());
        m.put("value", i.value());
        m.put("created_at", Times.format(i.createdAt()));
        m.put("updated_at", Times.format(i.updatedAt()));
        return m;
    }

    /** A search result: the item, and its {@code score} (null when not indexed) when the search had a query. */
    public static Map<String, Object> storeItem(StoreItem i, Double score, boolean scored) {
        Map<String, Object> m = storeItem(i);
        if (scored) m.put("score", score);
        return m;
    }

    /** Only the {@code select}ed fields of a view; all of them when {@code select} is null or empty. */
    public static Map<String, Object> select(Map<String, Object> view, List<String> select) {
        if (select == null || select.isEmpty()) return view;
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : select) {
            if (view.containsKey(f)) m.put(f, view.get(f));
        }
        return m;
    }

    /** A thread with its {@code ttl} ({@code null} when it has none), as {@code GET /threads/{id}?include=ttl} shows it. */
    public static Map<String, Object> threadWithTtl(ThreadRecord t) {
        Map<String, Object> m = thread(t);
        if (t.ttl() == null) {
            m.put("ttl", null);
        } else {
            Map<String, Object> ttl = new LinkedHashMap<>();
            ttl.put("strategy", t.ttl().strategy());
            ttl.put("ttl_minutes", t.ttl().minutes());
            ttl.put("expires_at", Times.format(t.expiresAt()));
            m.put("ttl", ttl);
        }
        return m;
    }

    public static Map<String, Object> thread(ThreadRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thread_id", t.threadId());
        m.put("created_at", Times.format(t.createdAt()));
        m.put("updated_at", Times.format(t.updatedAt()));
        m.put("metadata", t.metadata());
        m.put("status", t.status().wire());
        m.put("config", t.config());
        m.put("values", t.values());
        m.put("interrupts", t.interrupts() == null ? Map.of() : t.interrupts());
        return m;
    }

    public static Map<String, Object> run(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("thread_id", r.threadId());
        m.put("assistant_id", r.assistantId());
        m.put("created_at", Times.format(r.createdAt()));
        m.put("updated_at", Times.format(r.updatedAt()));
        m.put("status", r.status().wire());
        m.put("metadata", r.metadata());
        m.put("kwargs", r.kwargs());
        m.put("multitask_strategy", r.multitaskStrategy() == null ? null : r.multitaskStrategy().wire());
        return m;
    }

    /** The ThreadState of a checkpoint; an empty state when there is none yet. */
    public static Map<String, Object> state(String threadId, Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c == null) {
            m.put("values", Map.of());
            m.put("next", List.of());
            m.put("tasks", List.of());
            m.put("metadata", Map.of());
            m.put("created_at", null);
            m.put("checkpoint", checkpointConfig(threadId, null));
            m.put("parent_checkpoint", null);
            m.put("interrupts", List.of());
            return m;
        }
        m.put("values", c.values());
        m.put("next", c.next());
        m.put("tasks", tasks(c));
        m.put("metadata", c.metadata());
        m.put("created_at", Times.format(c.createdAt()));
        m.put("checkpoint", checkpointConfig(threadId, c.checkpointId()));
        m.put("parent_checkpoint",
                c.parentCheckpointId() == null ? null : checkpointConfig(threadId, c.parentCheckpointId()));
        m.put("interrupts", c.interrupts().stream().map(Views::interrupt).toList());
        return m;
    }

    /** {@code thread.interrupts}: pending interrupts by task id. */
    public static Map<String, Object> threadInterrupts(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c == null) return m;
        for (String node : c.next()) {
            List<Object> list = c.interrupts().stream().filter(i -> node.equals(i.node())).map(Views::interrupt)
                    .map(o -> (Object) o).toList();
            if (!list.isEmpty()) m.put(taskId(c, node), list);
        }
        return m;
    }

    public static Map<String, Object> checkpointConfig(String threadId, String checkpointId) {
        return checkpointConfig(threadId, "", checkpointId);
    }

    /** A checkpoint of a subgraph: {@code namespace} is {@code <node>:<task id>} of the task that runs it. */
    public static Map<String, Object> checkpointConfig(String threadId, String namespace, String checkpointId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thread_id", threadId);
        m.put("checkpoint_ns", namespace);
        m.put("checkpoint_id", checkpointId);
        m.put("checkpoint_map", null);
        return m;
    }

    public static Map<String, Object> interrupt(Interrupt i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", i.value());
        m.put("id", i.id());
        return m;
    }

    private static List<Object> tasks(Checkpoint c) {
        List<Object> tasks = new ArrayList<>();
        for (String node : c.next()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", taskId(c, node));
            t.put("name", node);
            t.put("path", List.of("__pregel_pull", node));
            t.put("error", null);
            t.put("interrupts", c.interrupts().stream().filter(i -> node.equals(i.node())).map(Views::interrupt)
                    .toList());
            t.put("checkpoint", null);
            t.put("state", null);
            t.put("result", null);
            tasks.add(t);
        }
        return tasks;
    }

    /** A stable id for the task that runs {@code node} after checkpoint {@code c}. */
    private static String taskId(Checkpoint c, String node) {
        return TaskIds.of(c.checkpointId(), node);
    }
}
