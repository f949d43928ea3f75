package io.spool.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One server-sent event as received: its {@code id:}, {@code event:} and {@code data:} fields (null when absent).
 */
record SseEvent(String id, String event, String data) {

    private static final Pattern ID = Pattern.compile("(\\d+)-(\\d+)");

    JsonNode json() {
        return Json.parse(data);
    }

    /** The run start marker, {@code metadata {"run_id":..., "attempt":...}}. */
    boolean isRunStart() {
        if (!"metadata".equals(event)) return false;
        JsonNode d = json();
        return d.has("run_id") && d.has("attempt");
    }

    /** The thread stream's end-of-run marker, {@code metadata {"status":"run_done", "run_id":...}}. */
    boolean isRunDone() {
        return "metadata".equals(event) && "run_done".equals(Json.str(json(), "status"));
    }

    boolean isRunStart(String runId) {
        return isRunStart() && runId.equals(Json.str(json(), "run_id"));
    }

    boolean isRunDone(String runId) {
        return isRunDone() && runId.equals(Json.str(json(), "run_id"));
    }

    boolean isStateUpdate() {
        return "state_update".equals(event);
    }

    /** The id as {@code {ms, seq}}; throws an {@link AssertionError} if it is absent or not {@code <ms>-<seq>}. */
    long[] idParts() {
        if (id == null) throw new AssertionError("event without id: " + this);
        Matcher m = ID.matcher(id);
        if (!m.matches()) throw new AssertionError("id is not <ms>-<seq>: " + this);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Whether this event's id is strictly after {@code other}'s. */
    boolean after(SseEvent other) {
        long[] a = idParts();
        long[] b = other.idParts();
        return a[0] != b[0] ? a[0] > b[0] : a[1] > b[1];
    }

    @Override
    public String toString() {
        return "[" + id + " " + event + " " + Json.abbreviate(data) + "]";
    }
}
