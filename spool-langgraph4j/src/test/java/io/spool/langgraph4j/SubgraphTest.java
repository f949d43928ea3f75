package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;
import io.spool.graph.SpoolGraph;
import io.spool.graph.TaskIds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SubgraphTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");
    private final SpoolGraph graph = adapt();

    private static SpoolGraph adapt() {
        try {
            return new LangGraph4jAdapter().adapt("research", TestGraphs.research());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private RecordingWriter run(TestRun run) throws Exception {
        graph.run(run);
        return (RecordingWriter) run.writer();
    }

    private TestRun newRun(String... modes) {
        return new TestRun(checkpointer, new RecordingWriter(modes));
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutStreamSubgraphsOnlyTheRootGraphStreams() throws Exception {
        var writer = run(newRun("values", "updates", "custom", "messages-tuple", "tasks")
                .input(Map.of("topic", "graphs")));

        // the summary message the subgraph added comes whole when research returns, as LangGraph sends it
        assertThat(writer.modeSequence()).containsExactly("values", "tasks", "tasks", "updates", "values",
                "tasks", "messages-tuple", "tasks", "updates", "values", "tasks", "tasks", "updates", "values");
        var summary = (List<Map<String, Object>>) writer.payloads("messages-tuple").getFirst();
        assertThat(summary.get(0)).containsEntry("content", "Two findings.");
        assertThat(summary.get(1)).containsEntry("langgraph_node", "research");
        assertThat(writer.payloads("updates")).extracting(update -> String.join(",", ((Map<String, ?>) update).keySet()))
                .containsExactly("plan", "research", "report");
        var research = (Map<?, ?>) ((Map<?, ?>) writer.payloads("updates").get(1)).get("research");
        assertThat(research.get("summary")).isEqualTo("Two findings.");
        assertThat(checkpointer.latest().orElseThrow().values()).containsEntry("report", "Report: Two findings.");
        // one checkpoint per step of the root graph: input, start, plan, research, report
        assertThat(checkpointer.all()).hasSize(5);
    }

    @Test
    void withStreamSubgraphsTheSubgraphsEventsCarryItsNamespace() throws Exception {
        var writer = run(newRun("values", "updates", "custom", "messages-tuple", "tasks")
                .input(Map.of("topic", "graphs")).withSubgraphs());

        Checkpoint afterPlan = checkpointer.all().get(2);
        String namespace = "research:" + TaskIds.of(afterPlan.checkpointId(), "research");
        assertThat(writer.modeSequence()).containsExactly(
                "values",
                "tasks", "tasks", "updates", "values", // plan
                "tasks", // research starts
                "values|" + namespace,
                "tasks|" + namespace, "custom|" + namespace, "tasks|" + namespace,
                "updates|" + namespace, "values|" + namespace, // search
                "tasks|" + namespace, "messages-tuple|" + namespace, "messages-tuple|" + namespace,
                "tasks|" + namespace, "updates|" + namespace, "values|" + namespace, // summarize
                "tasks", "updates", "values", // research ends
                "tasks", "tasks", "updates", "values"); // report
        var events = writer.events();
        assertThat(events.get(6).payload()).isEqualTo(Map.of("topic", "graphs", "messages", List.of(),
                "plan", "research graphs"));
        var subgraphUpdates = events.stream().filter(e -> e.mode().startsWith("updates|"))
                .map(e -> (Map<?, ?>) e.payload()).toList();
        assertThat(subgraphUpdates.getFirst())
                .isEqualTo(Map.of("search", Map.of("findings", List.of("graphs has nodes", "graphs has edges"))));
        assertThat(((Map<?, ?>) subgraphUpdates.getLast().get("summarize")).get("summary")).isEqualTo("Two findings.");
        // the subgraph's tasks have ids and steps of their own; their messages name the whole namespace
        var searchStart = (Map<?, ?>) events.get(7).payload();
        assertThat(searchStart.get("name")).isEqualTo("search");
        var chunk = (List<?>) events.stream().filter(e -> e.mode().startsWith("messages-tuple|")).findFirst()
                .orElseThrow().payload();
        var metadata = (Map<?, ?>) chunk.get(1);
        assertThat(metadata.get("langgraph_node")).isEqualTo("summarize");
        assertThat((String) metadata.get("langgraph_checkpoint_ns")).startsWith(namespace + "|summarize:");
        assertThat(metadata.get("langgraph_step")).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPauseInsideTheSubgraphResumesThere() throws Exception {
        var first = run(newRun("custom").input(Map.of("topic", "graphs")).configurable("review", true));

        Checkpoint paused = checkpointer.latest().orElseThrow();
        assertThat(checkpointer.all()).hasSize(3);
        assertThat(paused.next()).containsExactly("research");
        assertThat(paused.interrupts()).extracting(Interrupt::node).containsExactly("research");
        var inside = graph.subgraphState(paused, "research").orElseThrow();
        assertThat(inside.next()).containsExactly("summarize");
        assertThat(inside.values()).containsEntry("findings", List.of("graphs has nodes", "graphs has edges"));
        assertThat(inside.interrupts()).extracting(Interrupt::node, Interrupt::value).containsExactly(tuple(
                "summarize", Map.of("question", "keep these findings?",
                        "findings", List.of("graphs has nodes", "graphs has edges"))));
        assertThat(inside.metadata()).containsEntry("step", 1);
        assertThat(graph.subgraphState(paused, "plan")).isEmpty();
        assertThat(first.events()).isEmpty(); // custom events from inside the subgraph are not streamed

        var second = run(newRun("updates").command(Map.of("resume", "keep")).configurable("review", true)
                .withSubgraphs());

        // search did not run again: the subgraph went on from its own checkpoint
        assertThat(second.events()).extracting(RecordingWriter.Event::mode).filteredOn(m -> m.startsWith("updates|"))
                .hasSize(1);
        Checkpoint done = checkpointer.latest().orElseThrow();
        assertThat(done.next()).isEmpty();
        assertThat(done.values()).containsEntry("review", "keep").containsEntry("report", "Report: Two findings.");
        assertThat((List<Object>) done.values().get("messages")).hasSize(1);
        assertThat(graph.subgraphState(done, "research")).isEmpty();
    }

    @Test
    void aPauseBeforeTheSubgraphStartsItOnResume() throws Exception {
        run(newRun().input(Map.of("topic", "graphs")).interruptBefore("research"));
        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("research");

        run(newRun());

        assertThat(checkpointer.latest().orElseThrow().values()).containsEntry("report", "Report: Two findings.");
    }

    @Test
    void theSubgraphIsListed() {
        assertThat(graph.subgraphs()).containsOnlyKeys("research");
        assertThat(graph.subgraphs().get("research").shape().nodes())
                .containsExactly("__start__", "search", "summarize", "__end__");
        assertThat(graph.shape().nodes()).containsExactly("__start__", "plan", "research", "report", "__end__");
    }
}
