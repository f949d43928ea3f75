package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions over received events and error responses, with messages that show what came. */
final class StreamAssertions {

    private StreamAssertions() {
    }

    /** Every event has an id {@code <ms>-<seq>}, each strictly greater than the one before. */
    static void assertIdsStrictlyIncreasing(List<SseEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            SseEvent e = events.get(i);
            e.idParts();
            if (i > 0 && !e.after(events.get(i - 1))) {
                fail("ids not strictly increasing at " + i + ": " + events.get(i - 1) + " then " + e);
            }
        }
    }

    /** Same events, in the same order, with the same ids, names and data (JSON compared by value). */
    static void assertSameEvents(List<SseEvent> expected, List<SseEvent> actual, String what) {
        List<String> e = withIds(expected);
        List<String> a = withIds(actual);
        if (e.equals(a)) return;
        int i = 0;
        while (i < Math.min(e.size(), a.size()) && e.get(i).equals(a.get(i))) i++;
        fail(what + ": " + a.size() + " events where " + e.size() + " were expected; first difference at index "
                + i + ": expected " + (i < e.size() ? e.get(i) : "(nothing)") + ", got "
                + (i < a.size() ? a.get(i) : "(nothing)"));
    }

    /** {@code "<event> <canonical data>"} of each event, ids left out. */
    static List<String> shapes(List<SseEvent> events) {
        List<String> out = new ArrayList<>(events.size());
        for (SseEvent e : events) out.add(shape(e.event(), e.data()));
        return out;
    }

    static String shape(String event, String jsonData) {
        return event + " " + (jsonData == null ? "null" : Json.canonical(jsonData));
    }

    private static List<String> withIds(List<SseEvent> events) {
        List<String> out = new ArrayList<>(events.size());
        for (SseEvent e : events) out.add(e.id() + " " + shape(e.event(), e.data()));
        return out;
    }

    /** One of the given 4xx statuses with a JSON body {@code {"detail": "<non-blank text>"}}. */
    static JsonNode assertJsonError(Http.Response r, int... statuses) {
        assertTrue(Arrays.stream(statuses).anyMatch(x -> x == r.status()),
                () -> "status of " + r + " should be " + Arrays.toString(statuses));
        return assertJsonErrorBody(r.toString(), r.contentType(), r.body());
    }

    /** A stream request refused before any SSE byte: the status, a JSON content type and a JSON detail. */
    static JsonNode assertJsonError(SseStream s, int... statuses) {
        try (s) {
            assertFalse(s.isEventStream(),
                    () -> s + " was answered with an event stream; expected " + Arrays.toString(statuses));
            String body = s.errorBody();
            String what = s + " -> " + s.status() + " " + s.header("content-type") + " " + Json.abbreviate(body);
            assertTrue(Arrays.stream(statuses).anyMatch(x -> x == s.status()),
                    () -> "status of " + what + " should be " + Arrays.toString(statuses));
            return assertJsonErrorBody(what, s.header("content-type"), body);
        }
    }

    private static JsonNode assertJsonErrorBody(String what, String contentType, String body) {
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                () -> "error content type should be application/json: " + what);
        JsonNode json = Json.parse(body);
        String detail = Json.str(json, "detail");
        assertTrue(detail != null && !detail.isBlank(), () -> "error body needs a non-blank \"detail\": " + what);
        return json;
    }

    static void assertWellFramed(SseStream s) {
        assertEquals(List.of(), s.framingProblems(), () -> "SSE framing of " + s);
    }
}
