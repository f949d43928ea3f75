package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.runs.RunCreate;
import io.spool.storage.MultitaskStrategy;
import java.util.List;
import java.util.Map;

/** Reads and validates a run request body; every wrong field is a 422 that names it. */
final class RunCreateParser {

    private RunCreateParser() {
    }

    /** The longest delay a run may be created with: a year, far below where milliseconds overflow. */
    static final double MAX_AFTER_SECONDS = 365 * 24 * 3600;

    static RunCreate parse(JsonBody b, boolean stateless) {
        return parse(b, stateless, b.requiredString("assistant_id"));
    }

    /** 422 unless the run fields {@code b} has are valid (a cron patch's: no assistant_id). */
    static void checkRunFields(JsonBody b) {
        parse(b, false, null);
    }

    private static RunCreate parse(JsonBody b, boolean stateless, String assistantId) {
        List<String> modes = b.stringOrList("stream_mode");
        if (modes != null) {
            requireStreamModes(modes);
            if (modes.isEmpty()) modes = null;
        }
        Map<String, Object> checkpoint = b.object("checkpoint");
        String checkpointId = b.string("checkpoint_id");
        if (checkpointId != null) checkpoint = Map.of("checkpoint_id", checkpointId);
        Map<String, Object> config = b.object("config");
        if (config != null && config.containsKey("configurable") && !(config.get("configurable") instanceof Map)) {
            throw ApiError.invalid("Field 'config.configurable' must be an object");
        }
        double afterSeconds = b.number("after_seconds", 0);
        if (afterSeconds < 0) throw ApiError.invalid("Field 'after_seconds' must not be negative");
        if (!Double.isFinite(afterSeconds) || afterSeconds > MAX_AFTER_SECONDS) {
            throw ApiError.invalid("Field 'after_seconds' must be at most " + (long) MAX_AFTER_SECONDS
                    + " (a year)");
        }
        return new RunCreate(
                assistantId,
                b.any("input"),
                b.object("command"),
                config,
                b.object("context"),
                b.object("metadata"),
                modes,
                b.bool("stream_subgraphs", false),
                b.bool("stream_resumable", false),
                interrupts(b, "interrupt_before"),
                interrupts(b, "interrupt_after"),
                MultitaskStrategy.of(b.oneOf("multitask_strategy", MultitaskStrategy.WIRE)),
                stateless ? "create" : b.oneOf("if_not_exists", List.of("reject", "create")),
                b.oneOf("on_completion", List.of("delete", "keep")),
                b.oneOf("on_disconnect", List.of("cancel", "continue")),
                afterSeconds,
                checkpoint,
                b.string("webhook"));
    }

    /** 422 unless every mode is one a run can stream. */
    static void requireStreamModes(java.util.Collection<String> modes) {
        for (String m : modes) {
            if (!RunCreate.STREAM_MODES.contains(m)) {
                throw ApiError.invalid("Invalid stream_mode '" + m + "'; use any of " + RunCreate.STREAM_MODES);
            }
        }
    }

    /** {@code "*"} or a list of node names. */
    private static List<String> interrupts(JsonBody b, String field) {
        return b.stringOrList(field);
    }
}
