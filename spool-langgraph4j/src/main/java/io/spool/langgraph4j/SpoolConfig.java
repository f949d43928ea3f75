package io.spool.langgraph4j;

import io.spool.graph.GraphStore;
import io.spool.graph.StreamWriter;
import org.bsc.langgraph4j.RunnableConfig;

import java.util.List;
import java.util.Map;

/**
 * What a LangGraph4j node reaches of its Spool run through the {@link RunnableConfig} it is given, as LangGraph
 * nodes reach {@code config.writer} and {@code config.configurable}:
 *
 * <pre>{@code
 * graph.addNode("work", (state, config) -> {
 *     StreamWriter writer = SpoolConfig.writer(config);
 *     long delay = SpoolConfig.configurableLong(config, "delay_ms", 200);
 *     writer.custom(Map.of("progress", 0.5));
 *     ...
 * });
 * }</pre>
 *
 * <p>Outside a Spool run (the graph invoked directly) the writer drops everything and {@code configurable} is empty.
 */
public final class SpoolConfig {

    private static final StreamWriter NO_WRITER = new StreamWriter() {
        @Override
        public boolean wants(String mode) {
            return false;
        }

        @Override
        public void emit(String mode, Object payload) {
        }

        @Override
        public void emit(String mode, List<String> namespace, Object payload) {
        }
    };

    private SpoolConfig() {
    }

    /**
     * The run's stream writer, LangGraph's {@code config.writer}; inside a subgraph, events are namespaced and only
     * streamed for runs created with {@code stream_subgraphs}.
     */
    public static StreamWriter writer(RunnableConfig config) {
        return RunContext.find(config)
                .map(context -> NodeTask.find(config).map(task -> task.writer).orElse(context.writer))
                .orElse(NO_WRITER);
    }

    /**
     * The long-term store, LangGraph's {@code store}: items by namespace and key shared by every thread (get, put,
     * search, delete, list namespaces). Outside a Spool run there is none: {@link IllegalStateException}.
     */
    public static GraphStore store(RunnableConfig config) {
        return RunContext.find(config).map(context -> context.run.store())
                .orElseThrow(() -> new IllegalStateException("no store outside a Spool run"));
    }

    /** Whether the run that owns {@code config} was cancelled (false outside a run). */
    public static boolean isCancelled(RunnableConfig config) {
        return RunContext.find(config).map(context -> context.run.isCancelled()).orElse(false);
    }

    /** The run's {@code configurable} map (with {@code thread_id}, {@code run_id}, ... and what the client sent). */
    public static Map<String, Object> configurable(RunnableConfig config) {
        return RunContext.find(config).map(context -> context.run.configurable()).orElse(Map.of());
    }

    /**
     * A whole number from {@code configurable}, read leniently as clients send it: an integer, a decimal (truncated)
     * or a numeric string; {@code defaultValue} when absent or not a number.
     */
    public static long configurableLong(RunnableConfig config, String key, long defaultValue) {
        Object value = configurable(config).get(key);
        if (value instanceof Number number) return number.longValue();
        if (value instanceof String text) {
            try {
                return (long) Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                return defaultValue;
            }
        }
        return defaultValue;
    }
}
