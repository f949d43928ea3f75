package io.spool.graph;

import java.util.List;

/** The drawable structure of a graph: node ids (including {@code __start__} and {@code __end__}) and edges. */
public record GraphShape(List<String> nodes, List<Edge> edges) {

    public GraphShape {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** An edge; {@code conditional} marks edges that are taken only when a routing function picks them. */
    public record Edge(String source, String target, boolean conditional) {
    }
}
