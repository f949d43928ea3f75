package io.spool.assistants;

import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.graphs.GraphRegistry;
import io.spool.ids.Ids;
import io.spool.storage.Assistant;
import io.spool.storage.AssistantStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Assistants. Every graph has a system assistant with the id UUIDv5(namespace, graph id), so the same graph has the
 * same assistant id on every server; a graph id is accepted wherever an assistant id is. Each change is a new
 * version; one version is current.
 */
public final class Assistants {

    /** Criteria of a search; null fields match everything. */
    public record Query(String graphId, String name, Map<String, Object> metadata) {
    }

    private static final String RESOURCE = "assistants";

    private final AssistantStore store;
    private final GraphRegistry graphs;

    public Assistants(AssistantStore store, GraphRegistry graphs) {
        this(store, graphs, Map.of());
    }

    /**
     * @param defaults per graph id, the config of its system assistant, with its context under {@code context}
     *                 (the official servers' {@code LANGGRAPH_CONFIG}); a stored system assistant of a graph named
     *                 here gets a new version when its config or context differ
     */
    @SuppressWarnings("unchecked")
    public Assistants(AssistantStore store, GraphRegistry graphs, Map<String, Map<String, Object>> defaults) {
        this.store = store;
        this.graphs = graphs;
        Instant now = Instant.now();
        for (String graphId : graphs.all().keySet()) {
            String id = systemId(graphId);
            Map<String, Object> config = new LinkedHashMap<>(defaults.getOrDefault(graphId, Map.of()));
            Map<String, Object> context = config.remove("context") instanceof Map<?, ?> c
                    ? new LinkedHashMap<>((Map<String, Object>) c) : Map.of();
            boolean created = store.insert(new Assistant(id, graphId, config, context,
                    Map.of("created_by", "system"), graphId, null, 1, now, now));
            Assistant stored = created ? null : store.get(id).orElse(null);
            if (stored != null && defaults.containsKey(graphId)
                    && (!stored.config().equals(config) || !stored.context().equals(context))) {
                patch(id, null, config, context, null, null, null);
            }
        }
    }

    public static String systemId(String graphId) {
        return Ids.uuid5(Ids.ASSISTANT_NAMESPACE, graphId);
    }

    /** Finds an assistant by id, or the system assistant of a graph by graph id. */
    public Optional<Assistant> resolve(String idOrGraphId) {
        if (idOrGraphId == null) return Optional.empty();
        Optional<Assistant> a = store.get(idOrGraphId.toLowerCase()).filter(Assistants::visible);
        if (a.isPresent() || Ids.isUuid(idOrGraphId)) return a;
        return graphs.get(idOrGraphId).isPresent() ? store.get(systemId(idOrGraphId)) : Optional.empty();
    }

    /** System assistants belong to the server and are everyone's; created ones only their owner's. */
    private static boolean visible(Assistant a) {
        return "system".equals(a.metadata().get("created_by")) || Ownership.visible(RESOURCE, a.metadata());
    }

    public Assistant require(String idOrGraphId) {
        return resolve(idOrGraphId).orElseThrow(() -> ApiError.notFound("Assistant " + idOrGraphId + " not found"));
    }

    public List<String> graphIds() {
        return List.copyOf(graphs.all().keySet());
    }

    /** The name of a created assistant given none, as the official servers name it. */
    static final String UNTITLED = "Untitled";

    public Assistant create(String assistantId, String graphId, Map<String, Object> config,
                            Map<String, Object> context, Map<String, Object> metadata, String name,
                            String description, String ifExists) {
        requireGraph(graphId);
        String id = assistantId == null ? Ids.uuid7() : assistantId;
        Instant now = Instant.now();
        Assistant a = new Assistant(id, graphId, orEmpty(config), orEmpty(context),
                Ownership.stamp(RESOURCE, orEmpty(metadata)),
                name == null ? UNTITLED : name, description, 1, now, now);
        if (store.insert(a)) return a;
        if ("do_nothing".equals(ifExists)) return require(id);
        throw ApiError.conflict("Assistant " + id + " already exists");
    }

    /** A new version with the given fields changed; metadata is merged. */
    public synchronized Assistant patch(String assistantId, String graphId, Map<String, Object> config,
                                        Map<String, Object> context, Map<String, Object> metadata, String name,
                                        String description) {
        Assistant cur = require(assistantId);
        if (graphId != null) requireGraph(graphId);
        Map<String, Object> mergedMetadata = new LinkedHashMap<>(cur.metadata());
        if (metadata != null) mergedMetadata.putAll(metadata);
        if (!"system".equals(cur.metadata().get("created_by"))) {
            mergedMetadata = Ownership.stamp(RESOURCE, mergedMetadata); // the owner cannot be patched away
        }
        int version = store.versions(cur.assistantId()).stream().mapToInt(Assistant::version).max().orElse(0) + 1;
        Assistant next = new Assistant(cur.assistantId(), graphId == null ? cur.graphId() : graphId,
                config == null ? cur.config() : config, context == null ? cur.context() : context, mergedMetadata,
                name == null ? cur.name() : name, description == null ? cur.description() : description, version,
                cur.createdAt(), Instant.now());
        store.addVersion(next);
        return next;
    }

    public Assistant setLatest(String assistantId, int version) {
        Assistant cur = require(assistantId);
        return store.setCurrent(cur.assistantId(), version).orElseThrow(() -> ApiError.notFound(
                "Assistant " + cur.assistantId() + " has no version " + version));
    }

    public List<Assistant> versions(String assistantId, Map<String, Object> metadata) {
        Assistant cur = require(assistantId);
        return store.versions(cur.assistantId()).stream().filter(a -> matches(a.metadata(), metadata)).toList();
    }

    public Assistant delete(String assistantId) {
        Assistant cur = require(assistantId);
        if (graphs.get(cur.graphId()).isPresent() && cur.assistantId().equals(systemId(cur.graphId()))) {
            // runs address a graph through its system assistant: deleting it would leave the graph unreachable
            throw ApiError.conflict("Assistant " + cur.assistantId() + " is the system assistant of graph '"
                    + cur.graphId() + "' and belongs to the server; it cannot be deleted");
        }
        store.delete(cur.assistantId());
        return cur;
    }

    /** Matching assistants sorted by {@code sortBy} (default {@code created_at}) in {@code order}. */
    public List<Assistant> search(Query q, String sortBy, String order) {
        Comparator<Assistant> cmp = switch (sortBy == null ? "created_at" : sortBy) {
            case "assistant_id" -> Comparator.comparing(Assistant::assistantId);
            case "updated_at" -> Comparator.comparing(Assistant::updatedAt);
            case "name" -> Comparator.comparing(a -> a.name() == null ? "" : a.name());
            case "graph_id" -> Comparator.comparing(Assistant::graphId);
            default -> Comparator.comparing(Assistant::createdAt);
        };
        if (!"asc".equals(order)) cmp = cmp.reversed();
        return store.all().stream().filter(a -> visible(a) && matches(a, q)).sorted(cmp).toList();
    }

    private static boolean matches(Assistant a, Query q) {
        if (q.graphId() != null && !q.graphId().equals(a.graphId())) return false;
        if (q.name() != null && (a.name() == null || !a.name().toLowerCase().contains(q.name().toLowerCase()))) {
            return false;
        }
        return matches(a.metadata(), q.metadata());
    }

    private static boolean matches(Map<String, Object> have, Map<String, Object> want) {
        if (want == null) return true;
        return want.entrySet().stream().allMatch(e -> Objects.equals(have.get(e.getKey()), e.getValue()));
    }

    private void requireGraph(String graphId) {
        if (graphs.get(graphId).isEmpty()) {
            throw ApiError.notFound("Graph " + graphId + " not found; graphs served here: " + graphIds());
        }
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }
}
