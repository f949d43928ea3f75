package io.spool.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thread search: every non-null criterion must hold; {@code metadata} and {@code values} match when each given
 * key is equal. Results are sorted by {@code sortBy} ({@code created_at} by default) in {@code sortOrder}
 * ({@code desc} by default).
 */
public record ThreadQuery(List<String> ids, Map<String, Object> metadata, Map<String, Object> values,
                          ThreadStatus status,
                          int limit, int offset, String sortBy, String sortOrder) {

    public static final List<String> SORT_FIELDS = List.of("thread_id", "status", "created_at", "updated_at",
            "state_updated_at");

    /** Matches every thread with the given metadata, unpaged. */
    public static ThreadQuery byMetadata(Map<String, Object> metadata) {
        return new ThreadQuery(null, metadata, null, null, Integer.MAX_VALUE, 0, null, null);
    }

    public boolean matches(ThreadRecord t) {
        if (ids != null && !ids.contains(t.threadId())) return false;
        if (status != null && status != t.status()) return false;
        return contains(t.metadata(), metadata) && contains(t.values(), values);
    }

    public Comparator<ThreadRecord> order() {
        Comparator<ThreadRecord> c = switch (sortBy == null ? "created_at" : sortBy) {
            case "thread_id" -> Comparator.comparing(ThreadRecord::threadId);
            case "status" -> Comparator.comparing(t -> t.status().wire());
            case "updated_at", "state_updated_at" -> Comparator.comparing(ThreadRecord::updatedAt);
            default -> Comparator.comparing(ThreadRecord::createdAt);
        };
        return "asc".equals(sortOrder) ? c : c.reversed();
    }

    private static boolean contains(Map<String, Object> have, Map<String, Object> want) {
        if (want == null) return true;
        if (have == null) return want.isEmpty();
        for (var e : want.entrySet()) {
            if (!Objects.equals(have.get(e.getKey()), e.getValue())) return false;
        }
        return true;
    }
}
