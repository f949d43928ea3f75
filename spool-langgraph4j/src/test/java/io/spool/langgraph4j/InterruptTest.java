package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.Interrupt;
import io.spool.graph.SpoolGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class InterruptTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");

    private RecordingWriter run(SpoolGraph graph, TestRun run) throws Exception {
        graph.run(run);
        return (RecordingWriter) run.writer();
    }

    private TestRun newRun(String... modes) {
        return new TestRun(checkpointer, new RecordingWriter(modes)).configurable("delay_ms", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNodePausesOnInterruptAndResumesWithTheAnswer() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("hitl", TestGraphs.hitl(1));

        var first = run(graph, newRun("values", "updates").input(Map.of("items", List.of("start"))));

        Checkpoint paused = checkpointer.latest().orElseThrow();
        // as in LangGraph, the interrupt is pending on the checkpoint of step 1 (input, step 0, step 1): none added
        assertThat(checkpointer.all()).extracting(c -> c.metadata().get("step")).containsExactly(-1, 0, 1);
        assertThat(paused.next()).containsExactly("ask");
        assertThat(paused.values()).isEqualTo(Map.of("items", List.of("start", "prepare")));
        assertThat(paused.interrupts()).singleElement().satisfies(interrupt -> {
            assertThat(interrupt.node()).isEqualTo("ask");
            assertThat(interrupt.id()).hasSize(32);
            assertThat(interrupt.value()).isEqualTo(
                    Map.of("question", "approve?", "items_so_far", List.of("start", "prepare")));
        });
        var pending = Map.of("__interrupt__", List.of(Map.of("id", paused.interrupts().getFirst().id(),
                "value", paused.interrupts().getFirst().value())));
        assertThat(first.events()).extracting(RecordingWriter.Event::mode, RecordingWriter.Event::payload)
                .containsExactly(
                tuple("values", Map.of("items", List.of("start"))),
                tuple("updates", Map.of("prepare", Map.of("items", List.of("prepare")))),
                tuple("values", Map.of("items", List.of("start", "prepare"))),
                tuple("updates", pending),
                tuple("values", pending));

        var second = run(graph, newRun("values", "updates").command(Map.of("resume", "yes")));

        assertThat(second.payloads("values")).containsExactly(
                Map.of("items", List.of("start", "prepare")),
                Map.of("items", List.of("start", "prepare", "ask"), "answer", "yes"),
                Map.of("items", List.of("start", "prepare", "ask", "finish:yes"), "answer", "yes"));
        assertThat(((Map<String, Object>) second.payloads("values").getLast()).keySet())
                .containsExactly("items", "answer");
        assertThat(second.payloads("updates")).first()
                .isEqualTo(Map.of("ask", Map.of("items", List.of("ask"), "answer", "yes")));
        Checkpoint done = checkpointer.latest().orElseThrow();
        assertThat(done.next()).isEmpty();
        assertThat(done.interrupts()).isEmpty();
        // as in LangGraph: the pause keeps the step of the checkpoint it paused at
        assertThat(done.metadata().get("step")).isEqualTo(3);
    }

    @Test
    void resumingAThreadWithNothingPendingOnlyReportsItsState() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("hitl", TestGraphs.hitl(1));
        run(graph, newRun().input(Map.of("items", List.of("start"))));
        run(graph, newRun().command(Map.of("resume", "yes")));
        int saved = checkpointer.all().size();

        var writer = run(graph, newRun("values").command(Map.of("resume", "again")));

        assertThat(writer.payloads("values")).containsExactly(
                Map.of("items", List.of("start", "prepare", "ask", "finish:yes"), "answer", "yes"));
        assertThat(checkpointer.all()).hasSize(saved);
    }

    @Test
    void aNodeThatInterruptsTwiceGetsBothAnswers() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("hitl", TestGraphs.hitl(2));
        run(graph, newRun().input(Map.of("items", List.of("start"))));

        run(graph, newRun().command(Map.of("resume", "one")));
        Checkpoint second = checkpointer.latest().orElseThrow();
        assertThat(second.next()).containsExactly("ask");
        assertThat(second.interrupts()).hasSize(1);

        // the answer may also be keyed by interrupt id
        run(graph, newRun().command(Map.of("resume", Map.of(second.interrupts().getFirst().id(), "two"))));
        assertThat(checkpointer.latest().orElseThrow().values())
                .containsEntry("answer", List.of("one", "two"))
                .containsEntry("items", List.of("start", "prepare", "ask", "finish:[one, two]"));
    }

    @Test
    void newInputOnAPausedThreadStartsOverFromTheStart() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("hitl", TestGraphs.hitl(1));
        run(graph, newRun().input(Map.of("items", List.of("start"))));

        run(graph, newRun().input(Map.of("items", List.of("again"))));

        Checkpoint latest = checkpointer.latest().orElseThrow();
        assertThat(latest.values()).isEqualTo(Map.of("items", List.of("start", "prepare", "again", "prepare")));
        assertThat(latest.interrupts()).extracting(Interrupt::node).containsExactly("ask");
    }

    @Test
    void interruptBeforeAndAfterPauseWithoutPendingInterrupts() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());

        run(graph, newRun().input(Map.of("items", List.of("in"))).interruptBefore("step2"));
        Checkpoint beforeStep2 = checkpointer.latest().orElseThrow();
        assertThat(beforeStep2.next()).containsExactly("step2");
        assertThat(beforeStep2.values()).isEqualTo(Map.of("items", List.of("in", "step1")));
        assertThat(beforeStep2.interrupts()).isEmpty();

        // no input on a paused thread: go on (and pause again after step2)
        var writer = run(graph, newRun("updates").interruptAfter("step2"));
        assertThat(writer.payloads("updates")).containsExactly(Map.of("step2", Map.of("items", List.of("step2"))),
                Map.of("__interrupt__", List.of()));
        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("step3");

        run(graph, newRun());
        assertThat(checkpointer.latest().orElseThrow().values())
                .isEqualTo(Map.of("items", List.of("in", "step1", "step2", "step3")));
    }

    @Test
    void goesOnFromACheckpointTheServerWrote() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        run(graph, newRun().input(Map.of("items", List.of("in"))));
        // a state update "as step2" (POST /threads/{id}/state): no runtime data, next as the server computed it
        checkpointer.save(new CheckpointDraft(graph.applyUpdate(checkpointer.latest().orElseThrow().values(),
                Map.of("items", List.of("manual"))), List.of("step3"), "update", 4, List.of(), Map.of()));

        var writer = run(graph, newRun("updates"));

        assertThat(writer.payloads("updates")).containsExactly(Map.of("step3", Map.of("items", List.of("step3"))));
        assertThat(checkpointer.latest().orElseThrow().values()).isEqualTo(
                Map.of("items", List.of("in", "step1", "step2", "step3", "manual", "step3")));
        assertThat(checkpointer.latest().orElseThrow().metadata().get("step")).isEqualTo(5);
    }

    @Test
    void interruptBeforeEveryNode() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());

        run(graph, newRun().input(Map.of("items", List.of("in"))).interruptBefore("*"));

        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("step1");
    }

    @Test
    void aCommandCanUpdateTheStateAndGoToANode() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        run(graph, newRun().input(Map.of("items", List.of("in"))).interruptBefore("step2"));

        var command = Map.<String, Object>of("update", Map.of("items", List.of("edited")), "goto", "step3");
        var writer = run(graph, newRun("values").command(command));

        assertThat(writer.payloads("values")).containsExactly(
                Map.of("items", List.of("in", "step1", "edited")),
                Map.of("items", List.of("in", "step1", "edited", "step3")));
    }
}
