package io.spool.crons;

import java.time.Instant;
import java.util.Map;

/**
 * A validated cron request (CronCreate / ThreadCronCreate of the API).
 *
 * @param payload the run fields every firing uses, by their wire names ({@code input}, {@code config},
 *                {@code stream_mode}...), already checked as a run request
 */
public record CronSpec(String assistantId, String schedule, String timezone, Instant endTime, boolean enabled,
                       String onRunCompleted, Map<String, Object> metadata, Map<String, Object> payload) {
}
