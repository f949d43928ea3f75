package io.spool.assistants;

import java.time.Instant;
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
}
