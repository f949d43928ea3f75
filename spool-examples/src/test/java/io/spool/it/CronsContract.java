package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Crons over HTTP: create (stateless and on a thread) with the official fields and {@code next_run_date} computed in
 * the cron's time zone, get, search (filters, sort, paging headers, select), count, patch (a new schedule retimes,
 * {@code end_time: null} clears, nothing to patch is a 400), delete (gone for every route and with its thread), and
 * the 4xx answers for bad schedules, time zones, assistants and threads. That crons really fire is
 * {@code CronFiringTest}'s (one wait for a minute boundary for every backend at once).
 */
abstract class CronsContract extends ServerContract {

    /** Metadata only this test's crons carry, as one server serves the whole class. */
    private Map<String, Object> tag;

    @BeforeEach
    void freshTag() {
        tag = Map.of("test", UUID.randomUUID().toString());
    }

    private Map<String, Object> body(Object... kv) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("assistant_id", "agent");
        b.put("schedule", "*/5 * * * *");
        b.put("metadata", tag);
        for (int i = 0; i < kv.length; i += 2) b.put((String) kv[i], kv[i + 1]);
        return b;
    }

    private JsonNode create(String path, Map<String, Object> body) {
        Http.Response r = http.postJson(path, body);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private List<String> search(Map<String, Object> body) {
        Http.Response r = http.postJson("/runs/crons/search", body);
        assertEquals(200, r.status(), r::toString);
        List<String> ids = new ArrayList<>();
        for (JsonNode c : r.json()) ids.add(Json.str(c, "cron_id"));
        return ids;
    }

    private static Instant time(JsonNode cron, String field) {
        return Instant.parse(Json.str(cron, field));
    }

    @Test
    void createsAStatelessCronWithTheOfficialFields() {
        Instant before = Instant.now();
        JsonNode c = create("/runs/crons", body("input", Map.of("items", List.of("x")), "timezone",
                "America/New_York", "schedule", "0 9 * * *", "stream_mode", List.of("values")));
        for (String f : List.of("cron_id", "assistant_id", "thread_id", "on_run_completed", "end_time", "schedule",
                "timezone", "created_at", "updated_at", "payload", "user_id", "next_run_date", "metadata",
                "enabled")) {
            assertTrue(c.has(f), () -> f + " missing from " + c);
        }
        assertTrue(c.get("thread_id").isNull(), c::toString);
        assertEquals("delete", Json.str(c, "on_run_completed"), "the default");
        assertTrue(c.get("enabled").asBoolean(), c::toString);
        assertEquals("America/New_York", Json.str(c, "timezone"));
        assertEquals(tag.get("test"), Json.str(c.get("metadata"), "test"));
        assertEquals(List.of("x"), Json.strings(c.get("payload").get("input").get("items")));
        assertEquals(Json.str(c, "assistant_id"), Json.str(c.get("payload"), "assistant_id"));
        // 09:00 in New York, the first one after now
        ZonedDateTime next = time(c, "next_run_date").atZone(ZoneId.of("America/New_York"));
        assertEquals(9, next.getHour(), c::toString);
        assertEquals(0, next.getMinute());
        assertTrue(next.toInstant().isAfter(before) && next.toInstant().isBefore(before.plus(1, ChronoUnit.DAYS)
                .plusSeconds(3600)), c::toString);

        Http.Response got = http.get("/runs/crons/" + Json.str(c, "cron_id"));
        assertEquals(200, got.status(), got::toString);
        assertEquals(Json.canonical(c), Json.canonical(got.json()));
    }

    @Test
    void createsAThreadCronAndDeletesItWithItsThread() {
        String thread = api.createThread();
        JsonNode c = create("/threads/" + thread + "/runs/crons", body("multitask_strategy", "interrupt"));
        assertEquals(thread, Json.str(c, "thread_id"));
        assertEquals("interrupt", Json.str(c.get("payload"), "multitask_strategy"));
        assertEquals(List.of(Json.str(c, "cron_id")), search(Map.of("thread_id", thread)));

        assertEquals(204, http.delete("/threads/" + thread).status());
        assertEquals(404, http.get("/runs/crons/" + Json.str(c, "cron_id")).status(), "deleted with its thread");
    }

    @Test
    void searchFiltersSortsPagesAndCounts() {
        String thread = api.createThread();
        JsonNode a = create("/runs/crons", body());
        JsonNode b = create("/threads/" + thread + "/runs/crons", body("enabled", false));
        JsonNode c = create("/runs/crons", body("assistant_id", "hitl"));
        String ia = Json.str(a, "cron_id");
        String ib = Json.str(b, "cron_id");
        String ic = Json.str(c, "cron_id");

        assertEquals(List.of(ic, ib, ia), search(Map.of("metadata", tag)), "newest first");
        assertEquals(List.of(ia, ib, ic), search(Map.of("metadata", tag, "sort_by", "created_at", "sort_order",
                "asc")));
        assertEquals(List.of(ib, ia), search(Map.of("metadata", tag, "assistant_id", "agent")),
                "a graph id finds its system assistant's crons");
        assertEquals(List.of(ib), search(Map.of("metadata", tag, "enabled", false)));
        assertEquals(List.of(ib), search(Map.of("metadata", tag, "thread_id", thread)));

        Http.Response page = http.postJson("/runs/crons/search", Map.of("metadata", tag, "limit", 2));
        assertEquals(2, page.json().size());
        assertEquals("3", page.header("X-Pagination-Total"));
        assertEquals("2", page.header("X-Pagination-Next"));
        Http.Response selected = http.postJson("/runs/crons/search", Map.of("metadata", tag, "select",
                List.of("cron_id", "schedule")));
        assertEquals(List.of("cron_id", "schedule"), fieldNames(selected.json().get(0)));

        assertEquals(3, http.postJson("/runs/crons/count", Map.of("metadata", tag)).json().asInt());
        assertEquals(1, http.postJson("/runs/crons/count", Map.of("metadata", tag, "thread_id", thread)).json()
                .asInt());
        assertEquals(422, http.postJson("/runs/crons/search", Map.of("sort_by", "nope")).status());
    }

    private static List<String> fieldNames(JsonNode n) {
        return new ArrayList<>(n.propertyNames());
    }

    @Test
    void patchRetimesMergesAndClears() {
        JsonNode c = create("/runs/crons", body("end_time", "2099-01-01T00:00:00Z", "input", Map.of("a", 1)));
        String id = Json.str(c, "cron_id");
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), time(c, "end_time"));

        Http.Response r = http.patchJson("/runs/crons/" + id, Map.of("schedule", "30 4 * * *", "timezone",
                "Asia/Tokyo", "metadata", Map.of("extra", 1), "input", Map.of("b", 2), "on_run_completed", "keep"));
        assertEquals(200, r.status(), r::toString);
        JsonNode p = r.json();
        assertEquals("30 4 * * *", Json.str(p, "schedule"));
        ZonedDateTime next = time(p, "next_run_date").atZone(ZoneId.of("Asia/Tokyo"));
        assertEquals(List.of(4, 30), List.of(next.getHour(), next.getMinute()), p::toString);
        assertEquals(tag.get("test"), Json.str(p.get("metadata"), "test"), "metadata is merged");
        assertEquals(1, p.get("metadata").get("extra").asInt());
        assertEquals(2, p.get("payload").get("input").get("b").asInt(), "a run field replaces the payload's");
        assertFalse(p.get("payload").get("input").has("a"), p::toString);
        assertEquals("keep", Json.str(p, "on_run_completed"));
        assertTrue(time(p, "updated_at").isAfter(time(c, "updated_at")), p::toString);
        assertEquals(Json.canonical(p), Json.canonical(http.get("/runs/crons/" + id).json()));

        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("end_time", null);
        JsonNode cleared = http.patchJson("/runs/crons/" + id, clear).json();
        assertTrue(cleared.get("end_time").isNull(), cleared::toString);

        JsonNode paused = http.patchJson("/runs/crons/" + id, Map.of("enabled", false)).json();
        assertFalse(paused.get("enabled").asBoolean());

        // an end before the next slot: no next slot
        JsonNode ended = http.patchJson("/runs/crons/" + id, Map.of("end_time", Instant.now().minusSeconds(60)
                .toString())).json();
        assertTrue(ended.get("next_run_date").isNull(), ended::toString);

        Http.Response nothing = http.patchJson("/runs/crons/" + id, Map.of());
        assertEquals(400, nothing.status(), nothing::toString);
        assertNotNull(Json.str(nothing.json(), "detail"));
    }

    @Test
    void deleteStopsItEverywhere() {
        String id = Json.str(create("/runs/crons", body()), "cron_id");
        assertEquals(204, http.delete("/runs/crons/" + id).status());
        assertEquals(404, http.get("/runs/crons/" + id).status());
        assertEquals(404, http.patchJson("/runs/crons/" + id, Map.of("enabled", true)).status());
        assertEquals(404, http.delete("/runs/crons/" + id).status());
        assertEquals(List.of(), search(Map.of("metadata", tag)));
    }

    @Test
    void badInputIsA4xxWithADetail() {
        String missing = UUID.randomUUID().toString();
        expect(422, "/runs/crons", body("schedule", "not a cron"), "schedule");
        expect(422, "/runs/crons", body("schedule", "* * * * * *"), "schedule"); // six fields: not UNIX cron
        expect(422, "/runs/crons", body("schedule", "61 * * * *"), "schedule");
        expect(422, "/runs/crons", body("timezone", "Mars/Olympus"), "timezone");
        expect(422, "/runs/crons", body("end_time", "tomorrow"), "end_time");
        expect(422, "/runs/crons", body("on_run_completed", "maybe"), "on_run_completed");
        expect(422, "/runs/crons", body("stream_mode", List.of("nope")), "stream_mode");
        Map<String, Object> noSchedule = body();
        noSchedule.remove("schedule");
        expect(422, "/runs/crons", noSchedule, "schedule");
        expect(404, "/runs/crons", body("assistant_id", "no-such-graph"), "no-such-graph");
        expect(404, "/threads/" + missing + "/runs/crons", body(), missing);
        expect(422, "/threads/not-a-uuid/runs/crons", body(), "thread");

        assertEquals(422, http.get("/runs/crons/not-a-uuid").status());
        Http.Response gone = http.get("/runs/crons/" + missing);
        assertEquals(404, gone.status());
        assertTrue(Json.str(gone.json(), "detail").contains(missing), gone::toString);
        String id = Json.str(create("/runs/crons", body()), "cron_id");
        Http.Response badPatch = http.patchJson("/runs/crons/" + id, Map.of("timezone", "Nowhere/Land"));
        assertEquals(422, badPatch.status(), badPatch::toString);
        assertEquals(422, http.patchJson("/runs/crons/" + id, Map.of("schedule", "x")).status());
        assertEquals(List.of(id), search(Map.of("metadata", tag)), "nothing was created by the bad requests");
    }

    private void expect(int status, String path, Map<String, Object> body, String detailMentions) {
        Http.Response r = http.postJson(path, body);
        assertEquals(status, r.status(), r::toString);
        String detail = Json.str(r.json(), "detail");
        assertNotNull(detail, r::toString);
        assertTrue(detail.toLowerCase().contains(detailMentions.toLowerCase()), r::toString);
    }

    @Test
    void infoSaysCronsAreServed() {
        JsonNode info = http.get("/info").json();
        assertTrue(info.get("flags").get("crons").asBoolean(), info::toString);
    }
}
