package io.spool.langgraph4j;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.AsyncNodeActionWithConfig;
import org.bsc.langgraph4j.action.SubCompiledGraphNodeAction;
import org.bsc.langgraph4j.hook.NodeHook;
import org.bsc.langgraph4j.state.AgentState;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Wraps every node call of an adapted graph: gives the node its {@link NodeTask} (through the config), records what
 * the node returned (LangGraph4j's stream only carries the merged state, and {@code updates} needs the node's own
 * update) and reports task events. It is installed on subgraphs too, whose nodes' tasks run inside the task of the
 * node running the subgraph. Outside a Spool run it only calls the node, so the graph stays usable as is.
 */
final class NodeCallHook<S extends AgentState> implements NodeHook.WrapCall<S> {

    /** Graphs already hooked: adapting the same graph twice must not wrap its nodes twice. */
    private static final Set<StateGraph<?>> HOOKED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private NodeCallHook() {
    }

    static <S extends AgentState> void installOn(StateGraph<S> graph) {
        if (HOOKED.add(graph)) graph.addWrapCallNodeHook(new NodeCallHook<>());
    }

    @Override
    public CompletableFuture<Map<String, Object>> applyWrap(String nodeId, S state, RunnableConfig config,
                                                            AsyncNodeActionWithConfig<S> action) {
        Optional<RunContext> found = RunContext.find(config);
        if (found.isEmpty()) return action.apply(state, config);
        RunContext context = found.get();
        // inside a subgraph, the config carries the task of the parent graph's node that runs the subgraph
        NodeTask task = context.startTask(nodeId, state.data(), NodeTask.find(config).orElse(null), config);
        String resumeFlag = SubCompiledGraphNodeAction.resumeSubGraphId(nodeId);
        if (config.metadata(resumeFlag).isPresent() && !context.canResumeSubgraph(task)) {
            // paused before the subgraph started (or its run ended): LangGraph4j would fail to resume it; start it
            config = config.removeMetadata(resumeFlag);
        }
        Span span = NodeSpans.start(context, task);
        CompletableFuture<Map<String, Object>> result;
        try (Scope ignored = span.makeCurrent()) { // a model call in the node nests in its span
            result = action.apply(state, task.attachTo(config));
        } catch (RuntimeException e) { // a node that throws instead of returning a failed future
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((update, error) -> {
            NodeSpans.end(span, error);
            if (error == null) return context.finishTask(task, update);
            context.failTask(task, error);
            throw error instanceof CompletionException wrapped ? wrapped : new CompletionException(error);
        });
    }
}
