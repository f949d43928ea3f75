package io.spool.assistants;

import io.spool.graphs.GraphRegistry;
import io.spool.ids.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The assistants: one system assistant per graph, with the id UUIDv5(namespace, graph id), so the same graph has
 * the same assistant id on every server. A graph id is accepted wherever an assistant id is.
 */
public final class Assistants {

    private final Map<String, Assistant> byId = new LinkedHashMap<>();

    public Assistants(GraphRegistry graphs, Instant startedAt) {
        for (String graphId : graphs.all().keySet()) {
            String id = Ids.uuid5(Ids.ASSISTANT_NAMESPACE, graphId);
            byId.put(id, new Assistant(id, graphId, Map.of(), Map.of(), Map.of("created_by", "system"), graphId, null,
                    1, startedAt, startedAt));
        }
    }

    /** Finds an assistant by id, or the system assistant of a graph by graph id. */
    public Optional<Assistant> resolve(String idOrGraphId) {
        if (idOrGraphId == null) return Optional.empty();
        Assistant a = byId.get(idOrGraphId);
        if (a != null) return Optional.of(a);
        return Optional.ofNullable(byId.get(Ids.uuid5(Ids.ASSISTANT_NAMESPACE, idOrGraphId)));
    }

    public List<String> graphIds() {
        return byId.values().stream().map(Assistant::graphId).distinct().toList();
    }

    /** Assistants matching every given criterion, in creation order; {@code name} matches a substring, any case. */
    public List<Assistant> search(String graphId, String name, Map<String, Object> metadata) {
        List<Assistant> out = new ArrayList<>();
        for (Assistant a : byId.values()) {
            if (graphId != null && !graphId.equals(a.graphId())) continue;
            if (name != null && !a.name().toLowerCase().contains(name.toLowerCase())) continue;
            if (metadata != null && !metadata.entrySet().stream()
                    .allMatch(e -> Objects.equals(a.metadata().get(e.getKey()), e.getValue()))) continue;
            out.add(a);
        }
        return out;
    }
}
