package io.spool.examples;

import io.spool.graph.StreamWriter;
import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolConfig;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;

import java.time.Instant;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * For benchmarks: one node, {@code emit}, that sleeps {@code configurable.sleep_ms} (default 0, so clients can join
 * first), then emits {@code configurable.count} (default 2000) custom events {@code {i}} as fast as it can, or, with
 * {@code configurable.interval_ms}, one every that many milliseconds as {@code {i, t}} with {@code t} the time it was
 * emitted (epoch microseconds), so readers can measure delivery latency.
 */
public final class BurstGraph {

    public static final StateGraph<AgentState> graph = build();

    private BurstGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var graph = new StateGraph<>(Map.of(), new PlainStateSerializer<>(AgentState::new));
            graph.addNode("emit", node_async((state, config) -> {
                long count = SpoolConfig.configurableLong(config, "count", 2000);
                long sleepMs = SpoolConfig.configurableLong(config, "sleep_ms", 0);
                if (sleepMs > 0) Thread.sleep(sleepMs);
                var writer = SpoolConfig.writer(config);
                long intervalMs = SpoolConfig.configurableLong(config, "interval_ms", 0);
                if (intervalMs > 0) {
                    emitPaced(writer, count, intervalMs);
                } else if (writer.wants("custom")) { // nothing to build when nobody listens
                    for (long i = 0; i < count; i++) writer.custom(Map.of("i", i));
                }
                return Map.of("emitted", count);
            }));
            return graph.addEdge(START, "emit").addEdge("emit", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Emits on a fixed schedule (not a fixed pause), so a slow emit does not stretch the run. */
    private static void emitPaced(StreamWriter writer, long count, long intervalMs) throws InterruptedException {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long wait = start + i * intervalMs * 1_000_000 - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            Instant now = Instant.now();
            writer.custom(Map.of("i", i, "t", now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
        }
    }
}
