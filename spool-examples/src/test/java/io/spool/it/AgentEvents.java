package io.spool.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code agent} example graph (step1 → step2 → step3) emits in each stream mode, as
 * {@code "<event> <canonical data>"} shapes (see {@link StreamAssertions#shapes}).
 *
 * <p>Order per node, as the peer server shows it: the node's custom events (start, end) while it runs, then its
 * {@code updates} event, then the {@code values} after it; one {@code values} for the input before the first node.
 */
final class AgentEvents {

    static final List<String> STEPS = List.of("step1", "step2", "step3");

    private AgentEvents() {
    }

    static String runStart(String runId) {
        return StreamAssertions.shape("metadata", Json.write(Map.of("run_id", runId, "attempt", 1)));
    }

    static String runDone(String runId) {
        return StreamAssertions.shape("metadata", Json.write(Map.of("status", "run_done", "run_id", runId)));
    }

    /**
     * The events of a successful run in {@code modes}, start marker included, end marker not.
     *
     * @param itemsBefore the thread's {@code items} before the run
     * @param input       the run's input {@code items}
     */
    static List<String> run(String runId, List<String> modes, List<String> itemsBefore, List<String> input) {
        List<String> out = new ArrayList<>();
        out.add(runStart(runId));
        List<String> items = new ArrayList<>(itemsBefore);
        items.addAll(input);
        if (modes.contains("values")) out.add(values(items));
        for (String step : STEPS) {
            if (modes.contains("custom")) {
                Map<String, Object> start = new LinkedHashMap<>();
                start.put("node", step);
                start.put("phase", "start");
                start.put("n_items", items.size());
                out.add(StreamAssertions.shape("custom", Json.write(start)));
                out.add(StreamAssertions.shape("custom", Json.write(Map.of("node", step, "phase", "end"))));
            }
            items.add(step);
            if (modes.contains("updates")) {
                out.add(StreamAssertions.shape("updates", Json.write(Map.of(step, Map.of("items", List.of(step))))));
            }
            if (modes.contains("values")) out.add(values(items));
        }
        return out;
    }

    static String values(List<String> items) {
        return StreamAssertions.shape("values", Json.write(Map.of("items", items)));
    }

    /** The items after a successful run. */
    static List<String> itemsAfter(List<String> itemsBefore, List<String> input) {
        List<String> items = new ArrayList<>(itemsBefore);
        items.addAll(input);
        items.addAll(STEPS);
        return items;
    }
}
