package io.spool.langgraph4j;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a thread's state keys first appeared. LangGraph4j keeps the state in a {@code HashMap}, while
 * LangGraph shows keys in the order they were first written (the order of stored values, then of the input, then of
 * what nodes return); events and checkpoints are laid out in that order so they read the same.
 */
final class KeyOrder {

    private final Set<String> keys = new LinkedHashSet<>();

    synchronized void note(Map<String, ?> values) {
        if (values != null) keys.addAll(values.keySet());
    }

    /** {@code state} with its keys in first-seen order (keys never noted go last). */
    synchronized Map<String, Object> apply(Map<String, Object> state) {
        Map<String, Object> ordered = new LinkedHashMap<>(state.size() * 2);
        for (String key : keys) {
            if (state.containsKey(key)) ordered.put(key, state.get(key));
        }
        if (ordered.size() < state.size()) state.forEach(ordered::putIfAbsent);
        return ordered;
    }
}
