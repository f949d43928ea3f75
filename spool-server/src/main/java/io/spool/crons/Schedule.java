package io.spool.crons;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.spool.errors.ApiError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A cron's schedule: a 5-field UNIX cron expression (minute hour day-of-month month day-of-week, parsed by
 * cron-utils) read in an IANA time zone, so {@code 0 9 * * *} in {@code Europe/Paris} is 09:00 there, summer and
 * winter.
 */
public final class Schedule {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime times;
    private final ZoneId zone;

    private Schedule(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** The schedule, or a 422 saying what is wrong with the expression or the zone. */
    public static Schedule of(String expression, String timezone) {
        ZoneId zone = zone(timezone);
        try {
            return new Schedule(ExecutionTime.forCron(PARSER.parse(expression.strip()).validate()), zone);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("Invalid cron schedule '" + expression + "': " + e.getMessage()
                    + " (5 fields: minute hour day-of-month month day-of-week, e.g. '*/5 * * * *')");
        }
    }

    /** An IANA zone id ({@code UTC}, {@code Europe/Paris}), or a 422. */
    public static ZoneId zone(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw ApiError.invalid("Invalid timezone '" + timezone + "': use an IANA time zone such as 'UTC' or "
                    + "'America/New_York'");
        }
    }

    /** The first slot strictly after {@code after}, unless it falls after {@code end} (then null: no more slots). */
    public Instant nextAfter(Instant after, Instant end) {
        Instant next = times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant)
                .orElse(null);
        return next == null || (end != null && next.isAfter(end)) ? null : next;
    }
}
