package io.spool.langgraph4j;

import io.spool.graph.Interrupt;
import org.bsc.async.AsyncGenerator;
import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.NodeOutput;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.AsyncNodeActionWithConfig;
import org.bsc.langgraph4j.action.InterruptableAction;
import org.bsc.langgraph4j.action.InterruptionMetadata;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channels;
import org.bsc.langgraph4j.streaming.StreamingOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncEdgeAction.edge_async;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/** LangGraph4j's own mechanisms, served through the adapter. */
class LangGraph4jFeaturesTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");

    private static StateGraph<AgentState> itemsGraph() {
        return new StateGraph<>(Map.of("items", Channels.<String>appenderWithDuplicate(ArrayList::new)),
                AgentState::new);
    }

    /** A node that asks LangGraph4j to stop before it runs until the state says it is approved. */
    static final class ApprovalNode implements AsyncNodeActionWithConfig<AgentState>, InterruptableAction<AgentState> {
        @Override
        public CompletableFuture<Map<String, Object>> apply(AgentState state, RunnableConfig config) {
            return CompletableFuture.completedFuture(Map.of("items", List.of("approved")));
        }

        @Override
        public Optional<InterruptionMetadata<AgentState>> interrupt(String nodeId, AgentState state,
                                                                    RunnableConfig config) {
            if (state.value("approved").isPresent()) return Optional.empty();
            return Optional.of(InterruptionMetadata.builder(nodeId, state)
                    .addMetadata("reason", "needs approval")
                    .build());
        }
    }

    @Test
    void anInterruptableActionPausesAndResumesAfterAStateUpdate() throws Exception {
        var stateGraph = itemsGraph()
                .addNode("approve", new ApprovalNode())
                .addEdge(START, "approve").addEdge("approve", END);
        var graph = new LangGraph4jAdapter().adapt("approval", stateGraph);

        graph.run(new TestRun(checkpointer, new RecordingWriter()).input(Map.of("items", List.of("in"))));
        var paused = checkpointer.latest().orElseThrow();
        assertThat(paused.next()).containsExactly("approve");
        assertThat(paused.interrupts()).extracting(Interrupt::node, Interrupt::value)
                .containsExactly(tuple("approve", Map.of("reason", "needs approval")));

        graph.run(new TestRun(checkpointer, new RecordingWriter()).command(Map.of("update", Map.of("approved", true))));
        assertThat(checkpointer.latest().orElseThrow().values())
                .isEqualTo(Map.of("items", List.of("in", "approved"), "approved", true));
    }

    @Test
    void aCompiledGraphKeepsItsInterruptSettings() throws Exception {
        var compiled = TestGraphs.agent().compile(CompileConfig.builder().interruptBefore("step2").build());
        var graph = new LangGraph4jAdapter().adapt("agent", compiled);

        graph.run(new TestRun(checkpointer, new RecordingWriter())
                .input(Map.of("items", List.of("in"))).configurable("delay_ms", 0));

        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("step2");
    }

    @Test
    void parallelBranchesShowAsSeveralNextNodes() throws Exception {
        var stateGraph = itemsGraph()
                .addNode("fan", node_async((state, config) -> Map.of("items", List.of("fan"))))
                .addNode("a", node_async((state, config) -> Map.of("items", List.of("a"))))
                .addNode("b", node_async((state, config) -> Map.of("items", List.of("b"))))
                .addNode("join", node_async((state, config) -> Map.of("items", List.of("join"))))
                .addEdge(START, "fan").addEdge("fan", "a").addEdge("fan", "b")
                .addEdge("a", "join").addEdge("b", "join").addEdge("join", END);
        var graph = new LangGraph4jAdapter().adapt("fanout", stateGraph);

        graph.run(new TestRun(checkpointer, new RecordingWriter()).input(Map.of()));

        assertThat(checkpointer.all()).extracting(c -> c.next()).contains(List.of("a", "b"));
        assertThat(checkpointer.latest().orElseThrow().next()).isEmpty();
        assertThat(graph.shape().edges()).hasSize(6);
    }

    /** A streaming node returns a generator of chunks whose result is the node's update. */
    static final class ChunkGenerator extends AsyncGenerator.Base<NodeOutput<AgentState>> {
        private final Iterator<String> chunks = List.of("Hi", " there").iterator();

        @Override
        public Data<NodeOutput<AgentState>> next() {
            if (!chunks.hasNext()) {
                return Data.done(Map.of("messages", List.of(Map.of("type", "ai", "content", "Hi there"))));
            }
            return Data.of(new StreamingOutput<>(chunks.next(), "model", null, null));
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void langGraph4jStreamingOutputsBecomeMessageChunks() throws Exception {
        var stateGraph = new StateGraph<>(Map.of("messages", MessagesChannel.create()), AgentState::new)
                .addNode("model", node_async((state, config) -> Map.of("messages", new ChunkGenerator())))
                .addEdge(START, "model").addEdge("model", END);
        var graph = new LangGraph4jAdapter().adapt("streaming", stateGraph);
        var writer = new RecordingWriter("messages-tuple", "values", "updates");

        graph.run(new TestRun(checkpointer, writer).input(Map.of("messages", List.of("hello"))));

        assertThat(writer.payloads("updates")).containsExactly(
                Map.of("model", Map.of("messages", List.of(Map.of("type", "ai", "content", "Hi there")))));

        assertThat(writer.payloads("messages-tuple"))
                .extracting(p -> ((List<Map<String, Object>>) p).get(0).get("content"))
                .containsExactly("Hi", " there");
        var lastValues = (Map<String, Object>) writer.payloads("values").getLast();
        var messages = (List<Map<String, Object>>) lastValues.get("messages");
        assertThat(messages).extracting(m -> m.get("content")).containsExactly("hello", "Hi there");
    }

    @Test
    void aGraphThatNeverStopsHitsTheRecursionLimit() throws Exception {
        var stateGraph = itemsGraph()
                .addNode("again", node_async((state, config) -> Map.of("items", List.of("again"))))
                .addEdge(START, "again")
                .addConditionalEdges("again", edge_async(state -> "loop"), Map.of("loop", "again", "stop", END));
        var graph = new LangGraph4jAdapter().adapt("loop", stateGraph);

        assertThatThrownBy(() -> graph.run(new TestRun(checkpointer, new RecordingWriter()).input(Map.of())))
                .isInstanceOf(GraphRecursionError.class)
                .hasMessageStartingWith("Recursion limit of 25 reached");
        // as many node steps as the limit allows (after the input step -1 and the start step 0)
        assertThat(checkpointer.latest().orElseThrow().metadata().get("step")).isEqualTo(25);
        assertThat(graph.shape().edges()).extracting(e -> e.conditional()).containsExactly(false, true, true);
    }

    @Test
    void anAdaptedGraphStillRunsOnItsOwn() throws Exception {
        var stateGraph = TestGraphs.burst();
        new LangGraph4jAdapter().adapt("burst", stateGraph);

        var state = stateGraph.compile().invoke(Map.of()).orElseThrow();

        assertThat(state.data()).containsEntry("emitted", 2000L);
    }
}
