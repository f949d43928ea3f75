package io.spool.http;

import io.spool.assistants.Assistant;
import io.spool.assistants.Assistants;
import io.spool.errors.ApiError;
import io.spool.graph.GraphShape;
import io.spool.graphs.GraphRegistry;
import io.spool.wire.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assistants: read and search (system assistants, one per graph). */
final class AssistantRoutes {

    private final Assistants assistants;
    private final GraphRegistry graphs;

    AssistantRoutes(Assistants assistants, GraphRegistry graphs) {
        this.assistants = assistants;
        this.graphs = graphs;
    }

    void register(Router r) {
        r.add("POST", "/assistants/search", this::search);
        r.add("POST", "/assistants/count", this::count);
        r.add("GET", "/assistants/{assistant_id}", this::get);
        r.add("GET", "/assistants/{assistant_id}/graph", this::graph);
    }

    private Assistant require(Exchange ex) {
        String id = ex.path("assistant_id");
        return assistants.resolve(id).orElseThrow(() -> ApiError.notFound("Assistant " + id + " not found"));
    }

    private void get(Exchange ex) {
        ex.json(Views.assistant(require(ex)));
    }

    private void search(Exchange ex) {
        JsonBody b = ex.body();
        int limit = Params.limit(b.integer("limit"), 10);
        int offset = Params.offset(b.integer("offset"));
        List<Assistant> found = assistants.search(b.string("graph_id"), b.string("name"), b.object("metadata"));
        List<Object> page = found.stream().skip(offset).limit(limit).map(a -> (Object) Views.assistant(a)).toList();
        ex.header("X-Pagination-Total", Integer.toString(found.size()));
        if (offset + page.size() < found.size()) ex.header("X-Pagination-Next", Integer.toString(offset + limit));
        ex.json(page);
    }

    private void count(Exchange ex) {
        JsonBody b = ex.body();
        ex.json(assistants.search(b.string("graph_id"), b.string("name"), b.object("metadata")).size());
    }

    private void graph(Exchange ex) {
        Assistant a = require(ex);
        GraphShape shape = graphs.get(a.graphId()).orElseThrow().shape();
        List<Object> nodes = shape.nodes().stream().map(n -> (Object) node(n)).toList();
        List<Object> edges = shape.edges().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.source());
            m.put("target", e.target());
            if (e.conditional()) m.put("conditional", true);
            return (Object) m;
        }).toList();
        ex.json(Map.of("nodes", nodes, "edges", edges));
    }

    private static Map<String, Object> node(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", id.startsWith("__") ? "schema" : "runnable");
        m.put("data", id);
        return m;
    }
}
