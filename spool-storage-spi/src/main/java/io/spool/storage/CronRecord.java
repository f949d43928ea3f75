package io.spool.storage;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * A cron: a run started on a schedule, on its thread or (with no thread) on a new one each time.
 *
 * @param schedule       a 5-field UNIX cron expression, read in {@code timezone} (an IANA zone id)
 * @param endTime        after this instant the cron fires no more; null for never
 * @param onRunCompleted stateless crons: {@code delete} or {@code keep} the thread a run made
 * @param payload        the run request every firing makes (input, config, context, stream modes...)
 * @param userId         the identity that created it, null with auth off
 * @param nextRunDate    the next slot to fire; null when there is none (past {@code endTime})
 */
public record CronRecord(
        String cronId,
        String assistantId,
        String threadId,
        String userId,
        String schedule,
        String timezone,
        Instant endTime,
        boolean enabled,
        String onRunCompleted,
        Map<String, Object> payload,
        Map<String, Object> metadata,
        Instant nextRunDate,
        Instant createdAt,
        Instant updatedAt) {

    public CronRecord {
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(payload);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(metadata);
    }

    public CronRecord withNextRunDate(Instant next) {
        return new CronRecord(cronId, assistantId, threadId, userId, schedule, timezone, endTime, enabled,
                onRunCompleted, payload, metadata, next, createdAt, updatedAt);
    }
}
