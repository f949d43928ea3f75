package io.spool.http;

import io.spool.assistants.Assistants;
import io.spool.errors.ApiError;
import io.spool.graph.SpoolGraph;
import io.spool.graphs.GraphDrawing;
import io.spool.graphs.GraphRegistry;
import io.spool.graphs.GraphSchemas;
import io.spool.storage.Assistant;
import io.spool.storage.ThreadQuery;
import io.spool.threads.ThreadService;
import io.spool.wire.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assistants: create, read, search, version, delete; a graph's drawing and schemas. */
final class AssistantRoutes {

    private static final List<String> SORT_FIELDS = List.of("assistant_id", "created_at", "updated_at", "name",
            "graph_id");

    private final Assistants assistants;
    private final GraphRegistry graphs;
    private final ThreadService threads;

    AssistantRoutes(Assistants assistants, GraphRegistry graphs, ThreadService threads) {
        this.assistants = assistants;
        this.graphs = graphs;
        this.threads = threads;
    }

    void register(Router r) {
        r.add("POST", "/assistants", this::create);
        r.add("POST", "/assistants/search", this::search);
        r.add("POST", "/assistants/count", this::count);
        r.add("GET", "/assistants/{assistant_id}", this::get);
        r.add("PATCH", "/assistants/{assistant_id}", this::patch);
        r.add("DELETE", "/assistants/{assistant_id}", this::delete);
        r.add("GET", "/assistants/{assistant_id}/graph", this::graph);
        r.add("GET", "/assistants/{assistant_id}/schemas", this::schemas);
        r.add("GET", "/assistants/{assistant_id}/subgraphs", this::subgraphs);
        r.add("GET", "/assistants/{assistant_id}/subgraphs/{namespace}", this::subgraphs);
        r.add("POST", "/assistants/{assistant_id}/versions", this::versions);
        r.add("POST", "/assistants/{assistant_id}/latest", this::latest);
    }

    private void create(Exchange ex) {
        JsonBody b = ex.body();
        String id = b.string("assistant_id");
        if (id != null) id = Params.uuid(id, "assistant ID");
        ex.json(Views.assistant(assistants.create(id, b.requiredString("graph_id"), b.object("config"),
                b.object("context"), b.object("metadata"), b.string("name"), b.string("description"),
                b.oneOf("if_exists", List.of("raise", "do_nothing")))));
    }

    private void get(Exchange ex) {
        ex.json(Views.assistant(assistants.require(ex.path("assistant_id"))));
    }

    private void patch(Exchange ex) {
        JsonBody b = ex.body();
        ex.json(Views.assistant(assistants.patch(ex.path("assistant_id"), b.string("graph_id"), b.object("config"),
                b.object("context"), b.object("metadata"), b.string("name"), b.string("description"))));
    }

    private void delete(Exchange ex) {
        boolean deleteThreads = Params.bool(ex, "delete_threads", false);
        Assistant deleted = assistants.delete(ex.path("assistant_id"));
        if (deleteThreads) {
            threads.search(ThreadQuery.byMetadata(Map.of("assistant_id", deleted.assistantId()))).forEach(t -> threads.delete(t.threadId()));
        }
        ex.noContent(204);
    }

    private void search(Exchange ex) {
        JsonBody b = ex.body();
        int limit = Params.limit(b.integer("limit"), 10);
        int offset = Params.offset(b.integer("offset"));
        List<Assistant> found = assistants.search(query(b), b.oneOf("sort_by", SORT_FIELDS),
                b.oneOf("sort_order", List.of("asc", "desc")));
        List<String> select = b.stringList("select");
        List<Object> page = found.stream().skip(offset).limit(limit)
                .map(a -> (Object) Views.select(Views.assistant(a), select)).toList();
        ex.header("X-Pagination-Total", Integer.toString(found.size()));
        if (offset + page.size() < found.size()) ex.header("X-Pagination-Next", Integer.toString(offset + limit));
        ex.json(page);
    }

    private void count(Exchange ex) {
        ex.json(assistants.search(query(ex.body()), null, null).size());
    }

    private static Assistants.Query query(JsonBody b) {
        return new Assistants.Query(b.string("graph_id"), b.string("name"), b.object("metadata"));
    }

    private void versions(Exchange ex) {
        JsonBody b = ex.body();
        int limit = Params.limit(b.integer("limit"), 10);
        int offset = Params.offset(b.integer("offset"));
        List<Assistant> all = assistants.versions(ex.path("assistant_id"), b.object("metadata"));
        ex.json(all.stream().skip(offset).limit(limit).map(a -> (Object) Views.assistant(a)).toList());
    }

    /** The version comes in the body (as the SDKs send it) or the query (as the published spec says). */
    private void latest(Exchange ex) {
        Integer version = ex.body().integer("version");
        if (version == null && ex.query("version") != null) version = Params.integer(ex, "version", 0, 1,
                Integer.MAX_VALUE);
        if (version == null) throw ApiError.invalid("Field 'version' is required");
        ex.json(Views.assistant(assistants.setLatest(ex.path("assistant_id"), version)));
    }

    private SpoolGraph graphOf(Exchange ex) {
        return graphs.get(assistants.require(ex.path("assistant_id")).graphId()).orElseThrow(
                () -> ApiError.notFound("The graph of assistant " + ex.path("assistant_id") + " is not served here"));
    }

    private void graph(Exchange ex) {
        ex.json(GraphDrawing.of(graphOf(ex), xray(ex)));
    }

    /** {@code xray}: {@code true} draws every level of subgraphs, a number that many levels, as LangGraph reads it. */
    private static int xray(Exchange ex) {
        String v = ex.query("xray");
        if (v != null && v.matches("\\d{1,3}")) return Integer.parseInt(v);
        return Params.bool(ex, "xray", false) ? Integer.MAX_VALUE : 0;
    }

    private void schemas(Exchange ex) {
        Assistant a = assistants.require(ex.path("assistant_id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("graph_id", a.graphId());
        body.putAll(GraphSchemas.of(graphOf(ex), a.graphId()));
        ex.json(body);
    }

    /**
     * The schemas of the graph's subgraphs by namespace (the node running each, {@code |}-joined below the root);
     * {@code recurse} includes subgraphs of subgraphs, a {@code namespace} in the path only that one.
     */
    private void subgraphs(Exchange ex) {
        Map<String, Object> found = new LinkedHashMap<>();
        collectSubgraphs(graphOf(ex), ex.path("namespace"), Params.bool(ex, "recurse", false), "", found);
        ex.json(found);
    }

    private static void collectSubgraphs(SpoolGraph graph, String namespace, boolean recurse, String prefix,
                                         Map<String, Object> found) {
        for (Map.Entry<String, SpoolGraph> subgraph : graph.subgraphs().entrySet()) {
            String name = subgraph.getKey();
            if (name.equals(namespace)) {
                found.put(prefix + name, GraphSchemas.of(subgraph.getValue(), name));
                return;
            }
            if (namespace == null) found.put(prefix + name, GraphSchemas.of(subgraph.getValue(), name));
            if (recurse && (namespace == null || namespace.startsWith(name + "|"))) {
                collectSubgraphs(subgraph.getValue(), namespace == null ? null : namespace.substring(name.length() + 1),
                        true, prefix + name + "|", found);
            }
        }
    }

}
