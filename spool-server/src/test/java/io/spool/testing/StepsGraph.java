package io.spool.testing;

import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.GraphRun;
import io.spool.graph.GraphShape;
import io.spool.graph.SpoolGraph;
import io.spool.graph.TaskIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake runtime for the core's own tests: {@code a → b → c}, each step appending its name to {@code items}, emitting
 * custom events (and {@code tasks} events, when asked) and sleeping {@code configurable.delay_ms};
 * {@code configurable.fail_at} makes a step throw. Step {@code b} says it runs a subgraph, so that responses about
 * subgraphs have one to show.
 */
public final class StepsGraph implements SpoolGraph {

    public static final SpoolGraph graph = new StepsGraph();

    private static final List<String> STEPS = List.of("a", "b", "c");

    /** The subgraph {@code b} stands for: described, never run (the steps run inline). */
    private static final SpoolGraph SUBGRAPH = new SpoolGraph() {
        @Override
        public GraphShape shape() {
            return new GraphShape(List.of("__start__", "inner", "__end__"), List.of(
                    new GraphShape.Edge("__start__", "inner", false), new GraphShape.Edge("inner", "__end__", false)));
        }

        @Override
        public void run(GraphRun run) {
            throw new UnsupportedOperationException("the steps graph runs b inline");
        }
    };

    @Override
    public GraphShape shape() {
        return new GraphShape(List.of("__start__", "a", "b", "c", "__end__"), List.of(
                new GraphShape.Edge("__start__", "a", false), new GraphShape.Edge("a", "b", false),
                new GraphShape.Edge("b", "c", false), new GraphShape.Edge("c", "__end__", false)));
    }

    @Override
    public Map<String, SpoolGraph> subgraphs() {
        return Map.of("b", SUBGRAPH);
    }

    @Override
    public Map<String, Object> applyUpdate(Map<String, Object> current, Map<String, Object> update) {
        Map<String, Object> merged = new LinkedHashMap<>(current);
        update.forEach((k, v) -> merged.put(k, k.equals("items") ? append(current.get(k), v) : v));
        return merged;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(GraphRun run) throws Exception {
        Map<String, Object> state = new LinkedHashMap<>(
                run.checkpointer().latest().map(Checkpoint::values).orElse(Map.of()));
        if (run.input() instanceof Map<?, ?> in) state = applyUpdate(state, (Map<String, Object>) in);
        run.checkpointer().save(new CheckpointDraft(state, List.of("a"), "input", -1, List.of(), Map.of()));
        run.writer().emit("values", state);
        long delay = ((Number) run.configurable().getOrDefault("delay_ms", 0)).longValue();
        for (int i = 0; i < STEPS.size(); i++) {
            String step = STEPS.get(i);
            if (run.isCancelled()) return;
            if (step.equals(run.configurable().get("fail_at"))) throw new IllegalStateException("boom in " + step);
            String taskId = TaskIds.of(run.checkpointer().latest().orElseThrow().checkpointId(), step);
            if (run.writer().wants("tasks")) {
                run.writer().emit("tasks", Map.of("id", taskId, "name", step, "input", state,
                        "triggers", List.of("branch:to:" + step), "interrupts", List.of()));
            }
            run.writer().custom(Map.of("node", step, "phase", "start"));
            Thread.sleep(delay);
            state = applyUpdate(state, Map.of("items", List.of(step)));
            if (run.writer().wants("tasks")) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("id", taskId);
                result.put("name", step);
                result.put("result", Map.of("items", List.of(step)));
                result.put("interrupts", List.of());
                result.put("error", null);
                run.writer().emit("tasks", result);
            }
            List<String> next = i + 1 < STEPS.size() ? List.of(STEPS.get(i + 1)) : List.of();
            run.checkpointer().save(new CheckpointDraft(state, next, "loop", i, List.of(), Map.of()));
            run.writer().emit("updates", Map.of(step, Map.of("items", List.of(step))));
            run.writer().emit("values", state);
        }
    }

    private static List<Object> append(Object left, Object right) {
        List<Object> out = new ArrayList<>(left instanceof List<?> l ? l : List.of());
        if (right instanceof List<?> r) out.addAll(r);
        else out.add(right);
        return out;
    }
}
