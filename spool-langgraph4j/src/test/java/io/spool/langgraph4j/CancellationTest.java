package io.spool.langgraph4j;

import io.spool.graph.SpoolGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
        // cancel (without interrupting) once step1 has started, as it goes to sleep: a timer started with the test
        // fired before step1 on a loaded machine, and the run then ended before any step
        writer.onEvent(e -> {
            if (e.payload() instanceof Map<?, ?> m && "step1".equals(m.get("node")) && "start".equals(m.get("phase"))) {
                run.cancel();
            }
        });

        assertThatThrownBy(() -> graph.run(run)).isInstanceOf(CancellationException.class);

        assertThat(writer.payloads("custom")).hasSize(2); // step1 finished, step2 never started
        var latest = checkpointer.latest().orElseThrow();
        assertThat(latest.values()).isEqualTo(Map.of("items", List.of("c", "step1")));
        assertThat(latest.next()).containsExactly("step2");
    }

    @Test
    void interruptingTheWorkerEndsASleepingNodeWithInterruptedException() throws Exception {
        SpoolGraph graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        var sleeping = new CountDownLatch(1); // step1 has started and goes to sleep
        var writer = new RecordingWriter("custom").onEvent(e -> sleeping.countDown());
        var run = new TestRun(checkpointer, writer).input(Map.of("items", List.of("c")))
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
        assertThat(sleeping.await(10, TimeUnit.SECONDS)).as("step1 started").isTrue();
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
