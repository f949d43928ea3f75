package io.spool.langgraph4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages a node returns whole (a tool message, an AI message no model streamed), sent on the
 * {@code messages-tuple} stream when the node ends, as LangGraph's messages handler sends them: once per message id,
 * never one the run already streamed chunk by chunk or one the node was given in its state. A message without an id
 * gets one first, so that the stream and the state show the same id. Messages are maps in LangChain's serialized
 * shape ({@code type} {@code ai}, {@code human}, {@code tool}, ...); a map with a {@code role} instead is plain input
 * that the messages channel converts later, which LangGraph does not stream either.
 */
final class ReturnedMessages {

    private static final Set<String> TYPES = Set.of("ai", "human", "system", "tool", "function", "chat");

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** A message whose chunks were streamed: its whole form is not sent again. */
    void streamed(String id) {
        seen.add(id);
    }

    /** The messages in the state a node starts with are not the node's to send. */
    void given(NodeTask task, Map<String, Object> state) {
        if (!task.writer.wants("messages-tuple")) return;
        for (Object value : state.values()) {
            for (Map<?, ?> message : messagesIn(value)) {
                if (message.get("id") instanceof String id) seen.add(id);
            }
        }
    }

    /** Sends the messages of {@code update} not seen yet (those with an id: see {@link #withIds}). */
    void send(RunContext context, NodeTask task, Map<String, Object> update) {
        if (!task.writer.wants("messages-tuple")) return;
        Map<String, Object> metadata = null;
        for (Object value : update.values()) {
            for (Map<?, ?> message : messagesIn(value)) {
                if (!(message.get("id") instanceof String id) || !seen.add(id)) continue;
                if (metadata == null) metadata = context.messageMetadata(task);
                task.writer.emit("messages-tuple", List.of(message, metadata));
            }
        }
    }

    private static List<Map<?, ?>> messagesIn(Object value) {
        if (isMessage(value)) return List.of((Map<?, ?>) value);
        if (!(value instanceof List<?> list)) return List.of();
        List<Map<?, ?>> messages = new ArrayList<>();
        for (Object item : list) if (isMessage(item)) messages.add((Map<?, ?>) item);
        return messages;
    }

    private static boolean isMessage(Object value) {
        return value instanceof Map<?, ?> map && map.get("type") instanceof String type && TYPES.contains(type)
                && map.containsKey("content");
    }

    /**
     * {@code update} as is when all its messages have ids; else a copy where those without one got one, so that the
     * stream and the state show the same id.
     */
    static Map<String, Object> withIds(Map<String, Object> update) {
        Map<String, Object> copy = null;
        for (var entry : update.entrySet()) {
            Object value = entry.getValue();
            Object identified = value instanceof List<?> list ? listWithIds(list) : withId(value);
            if (identified != value) {
                if (copy == null) copy = new LinkedHashMap<>(update);
                copy.put(entry.getKey(), identified);
            }
        }
        return copy == null ? update : copy;
    }

    private static Object listWithIds(List<?> list) {
        List<Object> copy = null;
        for (int i = 0; i < list.size(); i++) {
            Object identified = withId(list.get(i));
            if (identified != list.get(i)) {
                if (copy == null) copy = new ArrayList<>(list);
                copy.set(i, identified);
            }
        }
        return copy == null ? list : copy;
    }

    private static Object withId(Object value) {
        if (!isMessage(value) || ((Map<?, ?>) value).get("id") != null) return value;
        Map<String, Object> message = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((key, field) -> message.put(String.valueOf(key), field));
        message.put("id", UUID.randomUUID().toString());
        return message;
    }
}
