package io.spool.it;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading ThreadStates ({@code GET /state}, {@code /history} entries) without surprises. */
final class States {

    private States() {
    }

    static String checkpointId(JsonNode state) {
        return Json.str(state.get("checkpoint"), "checkpoint_id");
    }

    /** The parent checkpoint's id, or null when the state has no parent. */
    static String parentId(JsonNode state) {
        JsonNode p = state.get("parent_checkpoint");
        return p == null || p.isNull() ? null : Json.str(p, "checkpoint_id");
    }

    static List<String> items(JsonNode state) {
        return Json.strings(state.path("values").get("items"));
    }

    static List<String> next(JsonNode state) {
        return Json.strings(state.get("next"));
    }

    /** {@code metadata.step}, or null when it is absent or not a number. */
    static Integer step(JsonNode state) {
        JsonNode s = state.path("metadata").get("step");
        return s != null && s.isNumber() ? s.asInt() : null;
    }

    static String source(JsonNode state) {
        return Json.str(state.get("metadata"), "source");
    }

    /** {@code "<step> <source> next=<next> items=<items>"}: what a history entry says, for list comparisons. */
    static String summary(JsonNode state) {
        return summary(step(state), source(state), next(state), items(state));
    }

    static String summary(Integer step, String source, List<String> next, List<String> items) {
        return step + " " + source + " next=" + next + " items=" + items;
    }

    static List<String> summaries(JsonNode history) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : history) out.add(summary(s));
        return out;
    }

    static List<String> checkpointIds(JsonNode history) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : history) out.add(checkpointId(s));
        return out;
    }

    /** The entry of {@code history} whose metadata has this step and source; fails when there is not exactly one. */
    static JsonNode at(JsonNode history, int step, String source) {
        JsonNode found = null;
        for (JsonNode s : history) {
            if (Integer.valueOf(step).equals(step(s)) && source.equals(source(s))) {
                if (found != null) throw new AssertionError("two checkpoints at step " + step + " " + source
                        + " in " + summaries(history));
                found = s;
            }
        }
        if (found == null) throw new AssertionError("no checkpoint at step " + step + " " + source + " in "
                + summaries(history));
        return found;
    }
}
