package io.spool.graphs;

import io.spool.graph.GraphShape;
import io.spool.graph.SpoolGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph drawn as {@code GET /assistants/{id}/graph} shows it, in the official servers' JSON: nodes
 * {@code {id, type, data: {id, name}, metadata}} and edges. With {@code xray} a node running a subgraph is replaced
 * by the subgraph's own nodes ({@code node:inner}, its start and end left out), edges into the node going to the
 * subgraph's first node and edges out of it leaving from its last, as LangGraph's drawable graphs do.
 */
public final class GraphDrawing {

    private static final String START = "__start__";
    private static final String END = "__end__";
    /** The LangChain serialisation ids of what runs a node, as the official servers name them. */
    private static final List<String> NODE_RUNNABLE = List.of("langgraph", "RunnableCallable");
    private static final List<String> SUBGRAPH_RUNNABLE = List.of("langgraph", "pregel", "CompiledStateGraph");
    /** The name LangGraph gives a compiled graph, which a node running a subgraph shows. */
    private static final String SUBGRAPH_NAME = "LangGraph";

    private record Node(String id, String name, List<String> runnable) {
    }

    private record Edge(String source, String target, boolean conditional) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    private GraphDrawing() {
    }

    /** The drawing's JSON; {@code xray} is how many levels of subgraphs to draw inside their nodes (0: none). */
    public static Map<String, Object> of(SpoolGraph graph, int xray) {
        return draw(graph, xray).json();
    }

    private static GraphDrawing draw(SpoolGraph graph, int xray) {
        GraphShape shape = graph.shape();
        Map<String, SpoolGraph> subgraphs = graph.subgraphs();
        var drawing = new GraphDrawing();
        Map<String, String> entries = new HashMap<>();
        Map<String, String> exits = new HashMap<>();
        for (String id : shape.nodes()) {
            SpoolGraph subgraph = subgraphs.get(id);
            if (subgraph != null && xray > 0) {
                GraphDrawing inner = draw(subgraph, xray - 1);
                inner.trimFirst();
                inner.trimLast();
                String first = inner.firstNode();
                String last = inner.lastNode();
                if (inner.nodes.size() > 1 && first != null && last != null) {
                    inner.nodes.values().forEach(n -> drawing.add(new Node(id + ":" + n.id, n.name, n.runnable)));
                    inner.edges.forEach(e -> drawing.edges.add(
                            new Edge(id + ":" + e.source, id + ":" + e.target, e.conditional)));
                    entries.put(id, id + ":" + first);
                    exits.put(id, id + ":" + last);
                    continue;
                }
            }
            boolean schema = id.equals(START) || id.equals(END);
            drawing.add(subgraph != null ? new Node(id, SUBGRAPH_NAME, SUBGRAPH_RUNNABLE)
                    : new Node(id, id, schema ? null : NODE_RUNNABLE));
        }
        for (GraphShape.Edge e : shape.edges()) {
            drawing.edges.add(new Edge(exits.getOrDefault(e.source(), e.source()),
                    entries.getOrDefault(e.target(), e.target()), e.conditional()));
        }
        return drawing;
    }

    private void add(Node node) {
        nodes.put(node.id, node);
    }

    /** The one node no edge leads to, else null. */
    private String firstNode() {
        Set<String> targets = new HashSet<>();
        edges.forEach(e -> targets.add(e.target));
        return only(nodes.keySet().stream().filter(id -> !targets.contains(id)).toList());
    }

    /** The one node no edge leaves, else null. */
    private String lastNode() {
        Set<String> sources = new HashSet<>();
        edges.forEach(e -> sources.add(e.source));
        return only(nodes.keySet().stream().filter(id -> !sources.contains(id)).toList());
    }

    /** Removes the first node when, without it, there is again exactly one first node. */
    private void trimFirst() {
        String first = firstNode();
        if (first == null) return;
        Set<String> targets = new HashSet<>();
        edges.stream().filter(e -> !e.source.equals(first)).forEach(e -> targets.add(e.target));
        if (only(nodes.keySet().stream().filter(id -> !id.equals(first) && !targets.contains(id)).toList()) != null) {
            remove(first);
        }
    }

    /** Removes the last node when, without it, there is again exactly one last node. */
    private void trimLast() {
        String last = lastNode();
        if (last == null) return;
        Set<String> sources = new HashSet<>();
        edges.stream().filter(e -> !e.target.equals(last)).forEach(e -> sources.add(e.source));
        if (only(nodes.keySet().stream().filter(id -> !id.equals(last) && !sources.contains(id)).toList()) != null) {
            remove(last);
        }
    }

    private void remove(String id) {
        nodes.remove(id);
        edges.removeIf(e -> e.source.equals(id) || e.target.equals(id));
    }

    private static String only(List<String> ids) {
        return ids.size() == 1 ? ids.getFirst() : null;
    }

    private Map<String, Object> json() {
        List<Object> nodeList = new ArrayList<>();
        for (Node n : nodes.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id);
            if (n.runnable == null) { // the start and end nodes stand for the graph's input and output
                m.put("type", "schema");
                m.put("data", n.name);
            } else {
                m.put("type", "runnable");
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("id", n.runnable);
                data.put("name", n.name);
                m.put("data", data);
                m.put("metadata", Map.of());
            }
            nodeList.add(m);
        }
        List<Object> edgeList = new ArrayList<>();
        for (Edge e : edges) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.source);
            m.put("target", e.target);
            if (e.conditional) m.put("conditional", true);
            edgeList.add(m);
        }
        Map<String, Object> drawing = new LinkedHashMap<>();
        drawing.put("nodes", nodeList);
        drawing.put("edges", edgeList);
        return drawing;
    }
}
