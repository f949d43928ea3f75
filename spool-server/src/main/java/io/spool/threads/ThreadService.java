package io.spool.threads;

import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.GraphShape;
import io.spool.graph.SpoolGraph;
import io.spool.graphs.GraphRegistry;
import io.spool.ids.Ids;
import io.spool.json.Json;
import io.spool.storage.EventBus;
import io.spool.storage.Storage;
import io.spool.storage.ThreadLocks;
import io.spool.storage.ThreadQuery;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.storage.ThreadTtl;
import io.spool.wire.Views;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Threads and their state: create, read, search, update, delete, explicit state writes, and TTL expiry. */
public final class ThreadService {

    /** The resource name the auth SPI decides on. */
    private static final String RESOURCE = "threads";

    /** Expired threads read per query of a TTL sweep. */
    private static final int SWEEP_BATCH = 100;

    private final Storage storage;
    private final EventBus logs;
    private final ThreadLocks locks;
    private final GraphRegistry graphs;
    private Consumer<String> cancelRunsOfThread = id -> {
    };
    private Predicate<String> hasRunsInFlight = id -> false;

    public ThreadService(Storage storage, EventBus logs, GraphRegistry graphs) {
        this.storage = storage;
        this.logs = logs;
        this.locks = storage.threadLocks();
        this.graphs = graphs;
    }

    /**
     * Set by the run service: {@code cancelRuns} stops every pending and running run of a thread (before it is
     * deleted, waiting for them to end); {@code inFlight} tells whether a thread has such runs.
     */
    public void bindRuns(Consumer<String> cancelRuns, Predicate<String> inFlight) {
        this.cancelRunsOfThread = cancelRuns;
        this.hasRunsInFlight = inFlight;
    }

    /**
     * Creates a thread ({@code ttl} may be null); with an existing id, {@code ifExists} {@code do_nothing} returns it
     * unchanged and {@code raise} (the default) is a 409.
     */
    public ThreadRecord create(String threadId, Map<String, Object> metadata, String ifExists, ThreadTtl ttl) {
        String id = threadId == null ? Ids.uuid7() : threadId;
        Instant now = Instant.now();
        ThreadRecord t = new ThreadRecord(id, now, now, Ownership.stamp(RESOURCE, metadata == null ? Map.of() : metadata), Map.of(),
                ThreadStatus.IDLE,
                null, Map.of(), ttl);
        if (storage.threads().insert(t)) return t;
        if ("do_nothing".equals(ifExists)) return require(id);
        throw ApiError.conflict("Thread with ID " + id + " already exists");
    }

    public ThreadRecord require(String threadId) {
        return find(threadId).orElseThrow(() -> ApiError.threadNotFound(threadId));
    }

    /** Whether the thread exists but belongs to someone else than the caller. */
    public boolean hiddenFromCaller(String threadId) {
        return Ownership.caller().isPresent() && storage.threads().get(threadId)
                .filter(t -> !Ownership.visible(RESOURCE, t.metadata())).isPresent();
    }

    /** The thread, if it exists for the caller: another identity's thread does not (404, no hint it exists). */
    public Optional<ThreadRecord> find(String threadId) {
        return storage.threads().get(threadId).filter(t -> Ownership.visible(RESOURCE, t.metadata()));
    }

    /** Merges {@code metadata} into the thread's and replaces its TTL when {@code ttl} is not null. */
    public ThreadRecord patch(String threadId, Map<String, Object> metadata, ThreadTtl ttl) {
        return locks.withThread(threadId, () -> {
            ThreadRecord t = require(threadId);
            Map<String, Object> merged = new LinkedHashMap<>(t.metadata());
            if (metadata != null) merged.putAll(metadata);
            Instant now = Instant.now();
            ThreadRecord updated = t.withMetadata(Ownership.stamp(RESOURCE, merged), now).withTtl(ttl == null ? t.ttl() : ttl, now);
            storage.threads().update(updated);
            return updated;
        });
    }

    /** Deletes a thread with its crons, runs, checkpoints and events; readers of its stream get an error event. */
    public void delete(String threadId) {
        require(threadId);
        storage.crons().deleteByThread(threadId); // first: none fires a run on it meanwhile
        cancelRunsOfThread.accept(threadId);
        storage.threads().delete(threadId);
        storage.runs().deleteByThread(threadId);
        storage.checkpoints().deleteByThread(threadId);
        logs.deleteThread(threadId);
    }

    public List<ThreadRecord> search(ThreadQuery q) {
        return storage.threads().search(owned(q));
    }

    public long count(ThreadQuery q) {
        return storage.threads().count(owned(q));
    }

    /** The query limited to the caller's threads (unchanged with no auth). */
    private static ThreadQuery owned(ThreadQuery q) {
        Map<String, Object> metadata = Ownership.filter(RESOURCE, q.metadata());
        return metadata == q.metadata() ? q : new ThreadQuery(q.ids(), metadata, q.values(), q.status(), q.limit(),
                q.offset(), q.sortBy(), q.sortOrder());
    }

    /** The latest state; {@code subgraphs}: with the state of the subgraphs its tasks run. */
    public Map<String, Object> state(String threadId, boolean subgraphs) {
        return stateView(require(threadId), storage.checkpoints().latest(threadId).orElse(null), subgraphs);
    }

    /** The state at one checkpoint of the thread. */
    public Map<String, Object> stateAt(String threadId, String checkpointId, boolean subgraphs) {
        return stateView(require(threadId), checkpoint(threadId, checkpointId), subgraphs);
    }

    private Map<String, Object> stateView(ThreadRecord t, Checkpoint c, boolean subgraphs) {
        return SubgraphTaskStates.fill(Views.state(t.threadId(), c), t.threadId(), c, graphOf(t).orElse(null),
                subgraphs);
    }

    public Checkpoint checkpoint(String threadId, String checkpointId) {
        return storage.checkpoints().get(threadId, checkpointId).orElseThrow(() -> ApiError.notFound(
                "Checkpoint " + checkpointId + " not found on thread " + threadId));
    }

    /**
     * Past states, newest first: at most {@code limit}, older than {@code before} when given, and only those whose
     * checkpoint metadata holds every entry of {@code metadata}.
     */
    public List<Map<String, Object>> history(String threadId, int limit, String before, Map<String, Object> metadata) {
        ThreadRecord t = require(threadId);
        if (before != null) checkpoint(threadId, before);
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = before;
        int page = metadata == null || metadata.isEmpty() ? limit : Math.max(limit, 100);
        while (out.size() < limit) {
            List<Checkpoint> batch = storage.checkpoints().list(threadId, page, cursor);
            for (Checkpoint c : batch) {
                if (matches(c.metadata(), metadata)) out.add(stateView(t, c, false));
                if (out.size() == limit) break;
            }
            if (batch.size() < page) break;
            cursor = batch.getLast().checkpointId();
        }
        return out;
    }

    private static boolean matches(Map<String, Object> have, Map<String, Object> want) {
        if (want == null) return true;
        for (var e : want.entrySet()) {
            Object v = have.get(e.getKey());
            boolean equal = v instanceof Number a && e.getValue() instanceof Number b
                    ? a.doubleValue() == b.doubleValue() : java.util.Objects.equals(v, e.getValue());
            if (!equal) return false;
        }
        return true;
    }

    /**
     * Prunes threads: {@code delete} removes them; {@code keep_latest} keeps only their newest checkpoint. Unknown
     * ids are skipped. Returns how many threads were pruned.
     */
    public int prune(List<String> threadIds, String strategy) {
        int pruned = 0;
        for (String id : threadIds) {
            if (find(id).isEmpty()) continue;
            if (strategy.equals("keep_latest")) {
                locks.withThread(id, () -> {
                    keepLatestCheckpoint(id);
                });
            } else {
                delete(id);
            }
            pruned++;
        }
        return pruned;
    }

    /**
     * Applies the TTL of every thread whose TTL ran out by {@code now}, except busy ones (they expire once their runs
     * end, a TTL after that update): {@code delete} deletes the thread as {@code DELETE /threads/{id}} does;
     * {@code keep_latest} keeps its newest checkpoint only and marks it updated, so its TTL starts again. Returns
     * how many threads were swept.
     */
    public int sweepExpired(Instant now) {
        int swept = 0;
        while (true) {
            List<ThreadRecord> batch = storage.threads().expired(now, SWEEP_BATCH);
            int before = swept;
            for (ThreadRecord t : batch) {
                if (expire(t.threadId(), now)) swept++;
            }
            // a full batch may hide more; one where nothing could be swept would only come back the same
            if (batch.size() < SWEEP_BATCH || swept == before) return swept;
        }
    }

    private boolean expire(String threadId, Instant now) {
        // under the thread's lock no run can start; with none in flight the delete below waits for no run (a run
        // ending needs this lock)
        return locks.withThread(threadId, () -> {
            ThreadRecord t = find(threadId).orElse(null);
            if (t == null || t.ttl() == null || t.status() == ThreadStatus.BUSY || hasRunsInFlight.test(threadId)
                    || t.expiresAt().isAfter(now)) {
                return false;
            }
            if (t.ttl().strategy().equals("keep_latest")) {
                keepLatestCheckpoint(threadId);
                storage.threads().update(t.touched(now));
            } else {
                delete(threadId);
            }
            return true;
        });
    }

    private void keepLatestCheckpoint(String threadId) {
        storage.checkpoints().latest(threadId).ifPresent(c -> storage.checkpoints().keepOnly(threadId, c.checkpointId()));
    }

    /**
     * A new thread with the same metadata, config and a copy of every checkpoint, each naming the new thread where
     * it named the old one ({@code thread_id} of the config and of checkpoint metadata); runs and events are not
     * copied.
     */
    public ThreadRecord copy(String threadId) {
        ThreadRecord source = require(threadId);
        ThreadRecord copy = create(null, source.metadata(), "raise", null);
        List<Checkpoint> all = new ArrayList<>(storage.checkpoints().list(threadId, Integer.MAX_VALUE, null));
        java.util.Collections.reverse(all);
        for (Checkpoint c : all) {
            Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
            metadata.put("thread_id", copy.threadId());
            storage.checkpoints().put(new Checkpoint(copy.threadId(), c.checkpointId(), c.parentCheckpointId(),
                    c.values(), c.next(), metadata, c.interrupts(), c.runtime(), c.createdAt()));
        }
        Checkpoint latest = all.isEmpty() ? null : all.getLast();
        ThreadRecord updated = copy.withConfig(configOf(source.config(), copy.threadId()))
                .withState(latest == null ? null : latest.values(), Views.threadInterrupts(latest), Instant.now())
                .withStatus(latest != null && !latest.next().isEmpty() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE,
                        Instant.now());
        storage.threads().update(updated);
        return updated;
    }

    /** {@code config} with {@code configurable.thread_id}, when it has one, set to {@code threadId}. */
    private static Map<String, Object> configOf(Map<String, Object> config, String threadId) {
        if (!(config.get("configurable") instanceof Map<?, ?> c) || !c.containsKey("thread_id")) return config;
        Map<String, Object> configurable = new LinkedHashMap<>();
        c.forEach((k, v) -> configurable.put(String.valueOf(k), v));
        configurable.put("thread_id", threadId);
        Map<String, Object> out = new LinkedHashMap<>(config);
        out.put("configurable", configurable);
        return out;
    }

    /** LangGraph's name for a thread's input, as an {@code as_node}; and that of a graph's start node. */
    private static final String INPUT = "__input__";
    private static final String START = "__start__";

    /**
     * Writes {@code values} as a new checkpoint "as if {@code asNode} ran" and publishes {@code state_update} on the
     * thread's log. Values go through the graph's reducers when the thread has run a graph; otherwise they are
     * merged key by key.
     */
    public Map<String, Object> updateState(String threadId, Map<String, Object> values, String asNode,
                                           String fromCheckpointId) {
        return locks.withThread(threadId, () -> {
            ThreadRecord t = require(threadId);
            if (t.status() == ThreadStatus.BUSY) {
                throw ApiError.conflict("Thread " + threadId + " has a run in progress; update its state when the "
                        + "run has ended");
            }
            Checkpoint latest = fromCheckpointId != null ? checkpoint(threadId, fromCheckpointId)
                    : storage.checkpoints().latest(threadId).orElse(null);
            Map<String, Object> current = latest == null ? Map.of() : latest.values();
            Map<String, Object> merged = values == null ? current : applyUpdate(t, current, values);
            // "__input__" writes the values as a run's input would be saved: the next step is the graph's start
            boolean asInput = INPUT.equals(asNode);
            List<String> next = asInput ? List.of(START) : asNode == null ? (latest == null ? List.of()
                    : latest.next()) : successors(t, asNode);
            int step = latest == null ? -1 : ((Number) latest.metadata().getOrDefault("step", -1)).intValue() + 1;
            Checkpoint saved = save(t, latest, new CheckpointDraft(merged, next, asInput ? "input" : "update", step,
                    List.of(), Map.of()));
            ThreadRecord updated = t.withState(saved.values(), Views.threadInterrupts(saved), Instant.now());
            if (t.status() != ThreadStatus.BUSY) {
                updated = updated.withStatus(saved.next().isEmpty() ? ThreadStatus.IDLE : ThreadStatus.INTERRUPTED,
                        Instant.now());
            }
            storage.threads().update(updated);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("state", Views.state(threadId, saved));
            event.put("thread_id", threadId);
            logs.appendDurable(threadId, null, "state_update", Json.bytes(event), false);
            return Map.of("checkpoint", Views.checkpointConfig(threadId, saved.checkpointId()));
        });
    }

    private Map<String, Object> applyUpdate(ThreadRecord t, Map<String, Object> current, Map<String, Object> values) {
        return graphOf(t).map(g -> g.applyUpdate(current, values))
                .orElseGet(() -> SpoolGraph.mergeKeys(current, values));
    }

    private List<String> successors(ThreadRecord t, String asNode) {
        GraphShape shape = graphOf(t).map(SpoolGraph::shape).orElse(null);
        if (shape == null) return List.of();
        if (!shape.nodes().contains(asNode)) throw ApiError.invalid("Node " + asNode + " does not exist in the graph");
        List<String> next = new ArrayList<>();
        for (GraphShape.Edge e : shape.edges()) {
            if (e.source().equals(asNode) && !e.target().equals("__end__") && !e.conditional()) next.add(e.target());
        }
        return next;
    }

    private Optional<SpoolGraph> graphOf(ThreadRecord t) {
        Object graphId = t.metadata().get("graph_id");
        return graphId == null ? Optional.empty() : graphs.get(graphId.toString());
    }

    private Checkpoint save(ThreadRecord t, Checkpoint parent, CheckpointDraft d) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Object graphId = t.metadata().get("graph_id");
        if (graphId != null) metadata.put("graph_id", graphId);
        metadata.put("thread_id", t.threadId());
        Checkpoint c = newCheckpoint(t.threadId(), parent, d, metadata);
        storage.checkpoints().put(c);
        return c;
    }

    /**
     * A new checkpoint of the thread after {@code parent} (null for its first): metadata {@code base} plus the
     * draft's {@code source} and {@code step}, and {@code parents}.
     */
    public static Checkpoint newCheckpoint(String threadId, Checkpoint parent, CheckpointDraft d,
                                           Map<String, Object> base) {
        Map<String, Object> metadata = new LinkedHashMap<>(base);
        metadata.put("source", d.source());
        metadata.put("step", d.step());
        metadata.put("parents", Map.of());
        return new Checkpoint(threadId, checkpointId(), parent == null ? null : parent.checkpointId(), d.values(),
                d.next(), metadata, d.interrupts(), d.runtime(), Instant.now());
    }

    /** Checkpoint ids are time-ordered UUIDs, like LangGraph's. */
    public static String checkpointId() {
        return Ids.uuid7();
    }
}
