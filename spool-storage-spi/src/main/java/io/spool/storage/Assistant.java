package io.spool.storage;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/** An assistant: a graph plus the config, context and metadata its runs start from. */
public record Assistant(
        String assistantId,
        String graphId,
        Map<String, Object> config,
        Map<String, Object> context,
        Map<String, Object> metadata,
        String name,
        String description,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** Shared by every run that uses it (stores may cache it), so its maps are read-only. */
    public Assistant {
        config = readOnly(config);
        context = readOnly(context);
        metadata = readOnly(metadata);
    }

    private static Map<String, Object> readOnly(Map<String, Object> m) {
        return m == null ? null : Collections.unmodifiableMap(m);
    }
}
