package io.spool.crons;

import io.spool.runs.RunCreate;
import io.spool.storage.CronRecord;
import io.spool.storage.MultitaskStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run request a cron's firing makes, from its stored payload (checked as a run request when it was stored). */
public final class CronPayload {

    /** The run fields a cron keeps in its payload, by their wire names. */
    public static final List<String> FIELDS = List.of("input", "config", "context", "stream_mode", "stream_subgraphs",
            "stream_resumable", "interrupt_before", "interrupt_after", "multitask_strategy", "webhook", "durability",
            "checkpoint_during");

    private CronPayload() {
    }

    /** Its runs carry the cron's id in their metadata, so they can be found. */
    static RunCreate runCreate(CronRecord cron) {
        Map<String, Object> p = cron.payload();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("cron_id", cron.cronId());
        return new RunCreate(
                cron.assistantId(),
                p.get("input"),
                null,
                map(p.get("config")),
                map(p.get("context")),
                metadata,
                strings(p.get("stream_mode")),
                Boolean.TRUE.equals(p.get("stream_subgraphs")),
                Boolean.TRUE.equals(p.get("stream_resumable")),
                strings(p.get("interrupt_before")),
                strings(p.get("interrupt_after")),
                cron.threadId() == null ? null : MultitaskStrategy.of((String) p.get("multitask_strategy")),
                null,
                cron.threadId() == null ? "keep" : null, // the scheduler deletes a stateless run's thread itself
                null,
                0,
                null,
                (String) p.get("webhook"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static List<String> strings(Object o) {
        if (o instanceof String s) return List.of(s);
        if (o instanceof List<?> l && !l.isEmpty()) return l.stream().map(String::valueOf).toList();
        return null;
    }
}
