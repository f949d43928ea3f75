package io.spool.crons;

import java.time.Instant;
import java.util.Map;

/**
 * A validated CronPatch: null fields are left as they are, except {@code endTime}, which {@code endTimeGiven} with
 * a null value clears.
 *
 * @param metadata merged into the cron's
 * @param payload  run fields that replace the payload's
 */
public record CronPatch(String schedule, String timezone, boolean endTimeGiven, Instant endTime, Boolean enabled,
                        String onRunCompleted, Map<String, Object> metadata, Map<String, Object> payload) {
}
