package io.spool.langgraph4j;

import io.spool.graph.GraphShape;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.internal.edge.Edge;
import org.bsc.langgraph4j.internal.edge.EdgeValue;
import org.bsc.langgraph4j.state.AgentState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Reads the drawable structure of a {@link StateGraph}, with LangGraph's names for the start and end nodes. */
final class GraphShapes {

    static final String START = "__start__";
    static final String END = "__end__";

    private GraphShapes() {
    }

    static <S extends AgentState> GraphShape of(StateGraph<S> graph) {
        return graph.reduce((nodes, edges) -> {
            List<String> ids = new ArrayList<>();
            ids.add(START);
            nodes.elements.forEach(node -> ids.add(node.id()));
            ids.add(END);
            List<GraphShape.Edge> shapeEdges = new ArrayList<>();
            for (Edge<S> edge : edges.elements) {
                String source = spoolName(edge.sourceId());
                for (EdgeValue<S> target : edge.targets()) {
                    if (target.id() != null) {
                        shapeEdges.add(new GraphShape.Edge(source, spoolName(target.id()), false));
                    } else {
                        new LinkedHashSet<>(target.value().mappings().values()).forEach(id ->
                                shapeEdges.add(new GraphShape.Edge(source, spoolName(id), true)));
                    }
                }
            }
            return new GraphShape(ids, shapeEdges);
        });
    }

    /** LangGraph4j calls its start and end nodes {@code __START__} and {@code __END__}; the API shows lower case. */
    static String spoolName(String langGraph4jId) {
        if (StateGraph.START.equals(langGraph4jId)) return START;
        if (StateGraph.END.equals(langGraph4jId)) return END;
        return langGraph4jId;
    }

    static String langGraph4jName(String spoolId) {
        if (START.equals(spoolId)) return StateGraph.START;
        if (END.equals(spoolId)) return StateGraph.END;
        return spoolId;
    }
}
