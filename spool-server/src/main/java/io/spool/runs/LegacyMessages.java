package io.spool.runs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The deprecated {@code messages} stream mode, derived from the {@code messages-tuple} stream and node updates:
 * {@code messages/metadata} once per new message id, {@code messages/partial} with the message accumulated so far on
 * every chunk, and {@code messages/complete} when a node returns the finished message. A whole message on the tuple
 * stream (one a node returned, not streamed by a model) is complete at once. Chunks are told from whole messages as
 * LangChain tells them: a chunk has {@code tool_call_chunks}.
 */
final class LegacyMessages {

    private final BiConsumer<String, Object> out;
    private final Map<String, Map<String, Object>> streamed = new HashMap<>();
    private final Set<String> completed = new HashSet<>();

    LegacyMessages(BiConsumer<String, Object> out) {
        this.out = out;
    }

    @SuppressWarnings("unchecked")
    void onChunk(Object tuple) {
        if (!(tuple instanceof List<?> l) || l.size() < 2 || !(l.get(0) instanceof Map<?, ?> c)) return;
        Map<String, Object> chunk = (Map<String, Object>) c;
        String id = String.valueOf(chunk.get("id"));
        if (!chunk.containsKey("tool_call_chunks")) {
            if (completed.contains(id)) return;
            if (!streamed.containsKey(id)) out.accept("messages/metadata", Map.of(id, Map.of("metadata", l.get(1))));
            complete(chunk);
            return;
        }
        Map<String, Object> acc = streamed.get(id);
        if (acc == null) {
            out.accept("messages/metadata", Map.of(id, Map.of("metadata", l.get(1))));
            acc = new LinkedHashMap<>(chunk);
            streamed.put(id, acc);
        } else {
            acc.put("content", String.valueOf(acc.getOrDefault("content", "")) + chunk.getOrDefault("content", ""));
            for (String calls : List.of("tool_calls", "tool_call_chunks")) {
                if (chunk.get(calls) instanceof List<?> more && !more.isEmpty()) {
                    List<Object> all = new ArrayList<>(acc.get(calls) instanceof List<?> so ? so : List.of());
                    all.addAll(more);
                    acc.put(calls, all);
                }
            }
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
        if (message instanceof Map<?, ?> m && completed.add(String.valueOf(m.get("id")))) {
            streamed.remove(String.valueOf(m.get("id")));
            out.accept("messages/complete", List.of(message));
        }
    }
}
