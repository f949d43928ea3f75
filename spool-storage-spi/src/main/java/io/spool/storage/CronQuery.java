package io.spool.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cron search: every non-null criterion must hold; {@code metadata} matches when each given key is equal. Sorted
 * by {@code sortBy} ({@code created_at} by default) in {@code sortOrder} ({@code desc} by default).
 */
public record CronQuery(String assistantId, String threadId, Boolean enabled, Map<String, Object> metadata,
                        int limit, int offset, String sortBy, String sortOrder) {

    public static final List<String> SORT_FIELDS = List.of("cron_id", "assistant_id", "thread_id", "created_at",
            "updated_at", "next_run_date");

    /** Every cron, unpaged. */
    public static CronQuery all() {
        return new CronQuery(null, null, null, null, Integer.MAX_VALUE, 0, null, null);
    }

    public boolean matches(CronRecord c) {
        if (assistantId != null && !assistantId.equals(c.assistantId())) return false;
        if (threadId != null && !threadId.equals(c.threadId())) return false;
        if (enabled != null && enabled != c.enabled()) return false;
        if (metadata == null) return true;
        for (var e : metadata.entrySet()) {
            if (!Objects.equals(c.metadata().get(e.getKey()), e.getValue())) return false;
        }
        return true;
    }

    public Comparator<CronRecord> order() {
        Comparator<CronRecord> c = switch (sortBy == null ? "created_at" : sortBy) {
            case "cron_id" -> Comparator.comparing(CronRecord::cronId);
            case "assistant_id" -> Comparator.comparing(CronRecord::assistantId);
            case "thread_id" -> Comparator.comparing(CronRecord::threadId,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case "updated_at" -> Comparator.comparing(CronRecord::updatedAt);
            case "next_run_date" -> Comparator.comparing(CronRecord::nextRunDate,
                    Comparator.nullsLast(Comparator.naturalOrder()));
            default -> Comparator.comparing(CronRecord::createdAt);
        };
        c = c.thenComparing(CronRecord::cronId);
        return "asc".equals(sortOrder) ? c : c.reversed();
    }

    /** The page of {@code all} (matching or not) this query asks for, in its order. */
    public List<CronRecord> page(java.util.Collection<CronRecord> all) {
        return all.stream().filter(this::matches).sorted(order()).skip(offset).limit(limit).toList();
    }
}
