package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.SpoolGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class AgentRunTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");
    private SpoolGraph graph;

    @BeforeEach
    void adapt() throws Exception {
        graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
    }

    private RecordingWriter run(Object input, String... modes) throws Exception {
        var writer = new RecordingWriter(modes);
        graph.run(new TestRun(checkpointer, writer).input(input).configurable("delay_ms", "5"));
        return writer;
    }

    @Test
    void streamsValuesStartingWithTheInput() throws Exception {
        var writer = run(Map.of("items", List.of("in")), "values");

        assertThat(writer.payloads("values")).containsExactly(
                Map.of("items", List.of("in")),
                Map.of("items", List.of("in", "step1")),
                Map.of("items", List.of("in", "step1", "step2")),
                Map.of("items", List.of("in", "step1", "step2", "step3")));
    }

    @Test
    void streamsWhatEachNodeReturnedAsUpdates() throws Exception {
        var writer = run(Map.of("items", List.of("in")), "updates");

        assertThat(writer.payloads("updates")).containsExactly(
                Map.of("step1", Map.of("items", List.of("step1"))),
                Map.of("step2", Map.of("items", List.of("step2"))),
                Map.of("step3", Map.of("items", List.of("step3"))));
    }

    @Test
    void interleavesCustomEventsWithTheSteps() throws Exception {
        var writer = run(Map.of("items", List.of("in")), "custom", "updates", "values");

        assertThat(writer.modeSequence()).containsExactly("values",
                "custom", "custom", "updates", "values",
                "custom", "custom", "updates", "values",
                "custom", "custom", "updates", "values");
        assertThat(writer.payloads("custom")).containsExactly(
                Map.of("node", "step1", "phase", "start", "n_items", 1), Map.of("node", "step1", "phase", "end"),
                Map.of("node", "step2", "phase", "start", "n_items", 2), Map.of("node", "step2", "phase", "end"),
                Map.of("node", "step3", "phase", "start", "n_items", 3), Map.of("node", "step3", "phase", "end"));
    }

    @Test
    void savesAnInputCheckpointThenOnePerStep() throws Exception {
        run(Map.of("items", List.of("in")));

        assertThat(checkpointer.all()).extracting(c -> c.metadata().get("source"), c -> c.metadata().get("step"),
                Checkpoint::next, Checkpoint::values).containsExactly(
                tuple("input", -1, List.of("__start__"), Map.of("items", List.of())),
                tuple("loop", 0, List.of("step1"), Map.of("items", List.of("in"))),
                tuple("loop", 1, List.of("step2"), Map.of("items", List.of("in", "step1"))),
                tuple("loop", 2, List.of("step3"), Map.of("items", List.of("in", "step1", "step2"))),
                tuple("loop", 3, List.of(), Map.of("items", List.of("in", "step1", "step2", "step3"))));
    }

    @Test
    void aSecondRunContinuesFromTheThreadState() throws Exception {
        run(Map.of("items", List.of("in")));
        var writer = run(Map.of("items", List.of("in")), "values");

        var run2 = List.of("in", "step1", "step2", "step3", "in", "step1", "step2", "step3");
        assertThat(writer.payloads("values").getLast()).isEqualTo(Map.of("items", run2));
        assertThat(writer.payloads("values").getFirst()).isEqualTo(Map.of("items", run2.subList(0, 5)));
        assertThat(checkpointer.latest().orElseThrow().values()).isEqualTo(Map.of("items", run2));
        assertThat(checkpointer.all()).extracting(c -> c.metadata().get("step"))
                .containsExactly(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void noInputOnAFinishedThreadOnlyReportsItsState() throws Exception {
        run(Map.of("items", List.of("in")));
        int saved = checkpointer.all().size();

        var writer = run(null, "values");

        assertThat(writer.payloads("values"))
                .containsExactly(Map.of("items", List.of("in", "step1", "step2", "step3")));
        assertThat(checkpointer.all()).hasSize(saved);
    }

    @Test
    void aFailingNodeEndsTheRunWithItsOwnException() throws Exception {
        var writer = new RecordingWriter("custom", "updates", "values");
        var run = new TestRun(checkpointer, writer).input(Map.of("items", List.of("in")))
                .configurable("delay_ms", 5).configurable("fail_at", "step2");

        assertThatThrownBy(() -> graph.run(run))
                .isExactlyInstanceOf(RuntimeException.class)
                .hasMessage("boom in step2");

        assertThat(writer.payloads("custom")).hasSize(2); // step1 only: step2 throws before emitting
        assertThat(writer.payloads("updates")).containsExactly(Map.of("step1", Map.of("items", List.of("step1"))));
        var latest = checkpointer.latest().orElseThrow();
        assertThat(latest.values()).isEqualTo(Map.of("items", List.of("in", "step1")));
        assertThat(latest.next()).containsExactly("step2");
    }

    @Test
    void theRecursionLimitCountsNodeSteps() throws Exception {
        graph.run(new TestRun(checkpointer, new RecordingWriter()).input(Map.of("items", List.of()))
                .configurable("delay_ms", 0).recursionLimit(3));
        assertThat(checkpointer.latest().orElseThrow().next()).isEmpty();

        var tooShort = new TestRun(checkpointer, new RecordingWriter()).input(Map.of("items", List.of()))
                .configurable("delay_ms", 0).recursionLimit(2);
        assertThatThrownBy(() -> graph.run(tooShort)).isInstanceOf(GraphRecursionError.class);
        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("step3");
    }

    @Test
    void stateUpdatesGoThroughTheReducers() {
        var current = Map.<String, Object>of("items", List.of("in", "step1"));

        var updated = graph.applyUpdate(current, Map.of("items", List.of("manual"), "note", "x"));

        assertThat(updated).isEqualTo(Map.of("items", List.of("in", "step1", "manual"), "note", "x"));
        assertThat(updated.keySet()).containsExactly("items", "note");
        assertThat(current).isEqualTo(Map.of("items", List.of("in", "step1"))); // left as it was
    }

    @Test
    void describesItsShape() {
        var shape = graph.shape();

        assertThat(shape.nodes()).containsExactly("__start__", "step1", "step2", "step3", "__end__");
        assertThat(shape.edges()).extracting(e -> e.source() + ">" + e.target(), e -> e.conditional()).containsExactly(
                tuple("__start__>step1", false), tuple("step1>step2", false),
                tuple("step2>step3", false), tuple("step3>__end__", false));
    }
}
