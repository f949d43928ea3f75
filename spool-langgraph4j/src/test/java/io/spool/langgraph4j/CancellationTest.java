package io.spool.langgraph4j;

import io.spool.graph.SpoolGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancellationTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");

    @Test
    void aCancelledRunStopsBeforeTheNextStep() throws Exception {
        SpoolGraph graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        var writer = new RecordingWriter("custom");
        var run = new TestRun(checkpointer, writer).input(Map.of("items", List.of("c"))).configurable("delay_ms", 100);
        // cancel (without interrupting) while step1 sleeps
        CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS).execute(run::cancel);

        assertThatThrownBy(() -> graph.run(run)).isInstanceOf(CancellationException.class);

        assertThat(writer.payloads("custom")).hasSize(2); // step1 finished, step2 never started
        var latest = checkpointer.latest().orElseThrow();
        assertThat(latest.values()).isEqualTo(Map.of("items", List.of("c", "step1")));
        assertThat(latest.next()).containsExactly("step2");
    }

    @Test
    void interruptingTheWorkerEndsASleepingNodeWithInterruptedException() throws Exception {
        SpoolGraph graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        var run = new TestRun(checkpointer, new RecordingWriter()).input(Map.of("items", List.of("c")))
                .configurable("delay_ms", 10_000);
        var worker = new CompletableFuture<Thread>();
        var outcome = CompletableFuture.supplyAsync(() -> {
            worker.complete(Thread.currentThread());
            try {
                graph.run(run);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(100);
        run.cancel();
        worker.get().interrupt(); // what the server does on cancel

        assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(checkpointer.latest().orElseThrow().next()).containsExactly("step1");
    }

    @Test
    void aRunCancelledBeforeItStartsDoesNothing() throws Exception {
        SpoolGraph graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        var run = new TestRun(checkpointer, new RecordingWriter()).input(Map.of("items", List.of("c")));
        run.cancel();

        assertThatThrownBy(() -> graph.run(run)).isInstanceOf(CancellationException.class);
        assertThat(checkpointer.all()).isEmpty();
    }
}
