package io.spool.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Crons. Several processes may share one store, so firing goes through {@link #claim}: of the processes that see a
 * slot due, only the one whose claim moves {@code next_run_date} on fires it.
 */
public interface CronStore {

    /** Inserts a new cron; false if one with that id exists. */
    boolean insert(CronRecord cron);

    Optional<CronRecord> get(String cronId);

    /**
     * Replaces every field of the stored cron except {@code next_run_date}, which only {@link #claim} and
     * {@link #reschedule} move (so an update racing with a firing cannot bring a fired slot back); false if missing.
     */
    boolean update(CronRecord cron);

    /** Sets {@code next_run_date} unconditionally (a new schedule, a cron enabled again); false if missing. */
    boolean reschedule(String cronId, Instant next);

    boolean delete(String cronId);

    /** Deletes the crons of a thread (it is being deleted); how many. */
    int deleteByThread(String threadId);

    /** Matching crons, sorted and paged as the query says. */
    List<CronRecord> search(CronQuery query);

    long count(CronQuery query);

    /** At most {@code limit} enabled crons whose {@code next_run_date} is at or before {@code now}, soonest first. */
    List<CronRecord> due(Instant now, int limit);

    /**
     * Compare-and-set: moves the cron's {@code next_run_date} from {@code expected} to {@code next} (null: no next
     * slot) only if it is still {@code expected} and the cron is still enabled. True for exactly one of the callers
     * racing for one slot.
     */
    boolean claim(String cronId, Instant expected, Instant next);
}
