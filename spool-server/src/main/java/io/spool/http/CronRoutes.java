package io.spool.http;

import io.spool.crons.CronPatch;
import io.spool.crons.CronPayload;
import io.spool.crons.CronService;
import io.spool.crons.CronSpec;
import io.spool.crons.Schedule;
import io.spool.errors.ApiError;
import io.spool.runs.RunService;
import io.spool.storage.CronQuery;
import io.spool.wire.Views;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Crons: runs started on a schedule, on a thread or each on a new one. */
final class CronRoutes {

    private static final List<String> ON_RUN_COMPLETED = List.of("delete", "keep");
    /** What a patch may change besides the run fields. */
    private static final List<String> PATCH_FIELDS = List.of("schedule", "timezone", "end_time", "enabled",
            "on_run_completed", "metadata");

    private final CronService crons;
    private final RunService runs;

    CronRoutes(CronService crons, RunService runs) {
        this.crons = crons;
        this.runs = runs;
    }

    void register(Router r) {
        r.add("POST", "/runs/crons", ex -> create(ex, null));
        r.add("POST", "/threads/{thread_id}/runs/crons", ex -> create(ex, Params.threadId(ex)));
        r.add("POST", "/runs/crons/search", this::search);
        r.add("POST", "/runs/crons/count", this::count);
        r.add("GET", "/runs/crons/{cron_id}", ex -> ex.json(Views.cron(crons.get(cronId(ex)))));
        r.add("PATCH", "/runs/crons/{cron_id}", this::patch);
        r.add("DELETE", "/runs/crons/{cron_id}", ex -> {
            crons.delete(cronId(ex));
            ex.noContent(204);
        });
    }

    private void create(Exchange ex, String threadId) {
        JsonBody b = ex.body();
        runs.validate(RunCreateParser.parse(b, threadId == null)); // the runs it will make must be valid ones
        String timezone = b.string("timezone");
        String onRunCompleted = b.oneOf("on_run_completed", ON_RUN_COMPLETED);
        CronSpec spec = new CronSpec(b.requiredString("assistant_id"), b.requiredString("schedule"),
                timezone == null ? "UTC" : timezone, time(b, "end_time"), b.bool("enabled", true),
                onRunCompleted == null ? "delete" : onRunCompleted, b.object("metadata"), payload(b));
        ex.json(Views.cron(crons.create(threadId, spec)));
    }

    private void patch(Exchange ex) {
        String id = cronId(ex);
        JsonBody b = ex.body();
        List<String> given = b.fieldNames();
        if (given.stream().noneMatch(f -> PATCH_FIELDS.contains(f) || CronPayload.FIELDS.contains(f))) {
            throw ApiError.badRequest("Nothing to update: give any of " + PATCH_FIELDS + " or the run fields "
                    + CronPayload.FIELDS);
        }
        RunCreateParser.checkRunFields(b);
        runs.requireWebhookAllowed(b.string("webhook"));
        String timezone = b.string("timezone");
        if (timezone != null) Schedule.zone(timezone);
        Map<String, Object> payload = payload(b);
        ex.json(Views.cron(crons.patch(id, new CronPatch(b.string("schedule"), timezone, given.contains("end_time"),
                time(b, "end_time"), b.has("enabled") ? b.bool("enabled", true) : null,
                b.oneOf("on_run_completed", ON_RUN_COMPLETED), b.object("metadata"),
                payload.isEmpty() ? null : payload))));
    }

    private void search(Exchange ex) {
        JsonBody b = ex.body();
        CronQuery q = query(b, Params.limit(b.integer("limit"), 10), Params.offset(b.integer("offset")));
        List<String> select = b.stringList("select");
        List<Object> page = crons.search(q).stream().map(c -> (Object) Views.select(Views.cron(c), select)).toList();
        long total = crons.count(q);
        ex.header("X-Pagination-Total", Long.toString(total));
        if (q.offset() + page.size() < total) ex.header("X-Pagination-Next", Integer.toString(q.offset() + q.limit()));
        ex.json(page);
    }

    private void count(Exchange ex) {
        ex.json(crons.count(query(ex.body(), Integer.MAX_VALUE, 0)));
    }

    private static CronQuery query(JsonBody b, int limit, int offset) {
        String threadId = b.string("thread_id");
        return new CronQuery(b.string("assistant_id"), threadId == null ? null : Params.uuid(threadId, "thread ID"),
                b.has("enabled") ? b.bool("enabled", true) : null, b.object("metadata"), limit, offset,
                b.oneOf("sort_by", CronQuery.SORT_FIELDS), b.oneOf("sort_order", List.of("asc", "desc")));
    }

    /** The run fields of the body, as the cron keeps them. */
    private static Map<String, Object> payload(JsonBody b) {
        Map<String, Object> all = b.toMap();
        Map<String, Object> payload = new LinkedHashMap<>();
        for (String f : CronPayload.FIELDS) {
            if (all.get(f) != null) payload.put(f, all.get(f));
        }
        return payload;
    }

    /** An ISO-8601 date-time; one without an offset is UTC. */
    private static Instant time(JsonBody b, String field) {
        String text = b.string(field);
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw ApiError.invalid("Field '" + field + "' must be an ISO-8601 date-time such as "
                        + "2030-01-01T00:00:00Z, got '" + text + "'");
            }
        }
    }

    private static String cronId(Exchange ex) {
        return Params.uuid(ex.path("cron_id"), "cron ID");
    }
}
