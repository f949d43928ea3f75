package io.spool.crons;

import io.spool.assistants.Assistants;
import io.spool.auth.Identity;
import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.ids.Ids;
import io.spool.storage.Assistant;
import io.spool.storage.CronQuery;
import io.spool.storage.CronRecord;
import io.spool.storage.CronStore;
import io.spool.threads.ThreadService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crons: create (on a thread, or stateless), read, patch, delete, search. Crons belong to their creator as threads
 * do (stamped and filtered by {@link Ownership}); {@code next_run_date} is computed here and moved on by the
 * {@link CronScheduler} as slots fire.
 */
public final class CronService {

    /** The resource name the auth SPI decides on. */
    static final String RESOURCE = "crons";

    private final CronStore store;
    private final ThreadService threads;
    private final Assistants assistants;

    public CronService(CronStore store, ThreadService threads, Assistants assistants) {
        this.store = store;
        this.threads = threads;
        this.assistants = assistants;
    }

    /** A cron on {@code threadId} (which must exist for the caller), or a stateless one when it is null. */
    public CronRecord create(String threadId, CronSpec spec) {
        if (threadId != null) threads.require(threadId);
        Assistant assistant = assistant(spec.assistantId());
        Schedule schedule = Schedule.of(spec.schedule(), spec.timezone());
        Instant now = now();
        Map<String, Object> payload = new LinkedHashMap<>(spec.payload());
        payload.put("assistant_id", assistant.assistantId());
        CronRecord cron = new CronRecord(Ids.uuid7(), assistant.assistantId(), threadId,
                Ownership.caller().map(Identity::id).orElse(null), spec.schedule(), spec.timezone(), spec.endTime(),
                spec.enabled(), threadId == null ? spec.onRunCompleted() : null, payload,
                Ownership.stamp(RESOURCE, spec.metadata()), schedule.nextAfter(now, spec.endTime()), now, now);
        store.insert(cron);
        return cron;
    }

    public CronRecord get(String cronId) {
        return store.get(cronId).filter(c -> Ownership.visible(RESOURCE, c.metadata()))
                .orElseThrow(() -> ApiError.notFound("Cron with ID " + cronId + " not found"));
    }

    /**
     * Applies a patch. A new schedule, time zone or end, or a paused cron enabled again, counts the next slot from
     * now (a paused cron does not catch up on the slots it skipped).
     */
    public CronRecord patch(String cronId, CronPatch p) {
        CronRecord c = get(cronId);
        String expression = p.schedule() != null ? p.schedule() : c.schedule();
        String timezone = p.timezone() != null ? p.timezone() : c.timezone();
        Schedule schedule = Schedule.of(expression, timezone);
        Instant end = p.endTimeGiven() ? p.endTime() : c.endTime();
        boolean enabled = p.enabled() != null ? p.enabled() : c.enabled();
        Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
        if (p.metadata() != null) metadata.putAll(p.metadata());
        Map<String, Object> payload = new LinkedHashMap<>(c.payload());
        if (p.payload() != null) payload.putAll(p.payload());
        String onRunCompleted = c.threadId() == null && p.onRunCompleted() != null ? p.onRunCompleted()
                : c.onRunCompleted();
        Instant now = now();
        CronRecord updated = new CronRecord(c.cronId(), c.assistantId(), c.threadId(), c.userId(), expression,
                timezone, end, enabled, onRunCompleted, payload, Ownership.stamp(RESOURCE, metadata),
                c.nextRunDate(), c.createdAt(), now);
        if (!store.update(updated)) throw ApiError.notFound("Cron with ID " + cronId + " not found");
        boolean retimed = p.schedule() != null || p.timezone() != null || p.endTimeGiven()
                || (enabled && !c.enabled());
        if (retimed) {
            Instant next = schedule.nextAfter(now, end);
            store.reschedule(cronId, next);
            return updated.withNextRunDate(next);
        }
        return store.get(cronId).orElse(updated);
    }

    /** Deletes the cron: its next slot does not fire, even one that is due now (its claim finds no row). */
    public void delete(String cronId) {
        get(cronId);
        store.delete(cronId);
    }

    public List<CronRecord> search(CronQuery q) {
        return store.search(owned(q));
    }

    public long count(CronQuery q) {
        return store.count(owned(q));
    }

    /** The query limited to the caller's crons, its assistant id resolved as runs resolve it (a graph id too). */
    private CronQuery owned(CronQuery q) {
        String assistantId = q.assistantId() == null ? null
                : assistants.resolve(q.assistantId()).map(Assistant::assistantId).orElse(q.assistantId());
        return new CronQuery(assistantId, q.threadId(), q.enabled(), Ownership.filter(RESOURCE, q.metadata()),
                q.limit(), q.offset(), q.sortBy(), q.sortOrder());
    }

    private Assistant assistant(String idOrGraphId) {
        return assistants.resolve(idOrGraphId).orElseThrow(() -> ApiError.notFound("Assistant " + idOrGraphId
                + " not found; graphs served here: " + assistants.graphIds()));
    }

    /** Whole microseconds, as every backend keeps instants. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
