package io.spool.runs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The deprecated {@code messages} stream mode, derived from token chunks and node updates: {@code messages/metadata}
 * once per new message id, {@code messages/partial} with the message accumulated so far on every chunk, and
 * {@code messages/complete} when a node returns the finished message.
 */
final class LegacyMessages {

    private final BiConsumer<String, Object> out;
    private final Map<String, Map<String, Object>> streamed = new HashMap<>();

    LegacyMessages(BiConsumer<String, Object> out) {
        this.out = out;
    }

    @SuppressWarnings("unchecked")
    void onChunk(Object tuple) {
        if (!(tuple instanceof List<?> l) || l.size() < 2 || !(l.get(0) instanceof Map<?, ?> c)) return;
        Map<String, Object> chunk = (Map<String, Object>) c;
        String id = String.valueOf(chunk.get("id"));
        Map<String, Object> acc = streamed.get(id);
        if (acc == null) {
            out.accept("messages/metadata", Map.of(id, Map.of("metadata", l.get(1))));
            acc = new LinkedHashMap<>(chunk);
            streamed.put(id, acc);
        } else {
            acc.put("content", String.valueOf(acc.getOrDefault("content", "")) + chunk.getOrDefault("content", ""));
        }
        out.accept("messages/partial", List.of(new LinkedHashMap<>(acc)));
    }

    /** Every message a node returned is complete. */
    void onUpdate(Object update) {
        if (!(update instanceof Map<?, ?> byNode)) return;
        for (Object nodeUpdate : byNode.values()) {
            if (!(nodeUpdate instanceof Map<?, ?> u)) continue;
            Object messages = u.get("messages");
            if (messages instanceof List<?> list) {
                for (Object m : list) complete(m);
            } else if (messages instanceof Map<?, ?>) {
                complete(messages);
            }
        }
    }

    private void complete(Object message) {
        if (message instanceof Map<?, ?> m) {
            streamed.remove(String.valueOf(m.get("id")));
            out.accept("messages/complete", List.of(message));
        }
    }
}
