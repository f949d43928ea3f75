package io.spool.langgraph4j;

import org.bsc.langgraph4j.state.Channel;
import org.bsc.langgraph4j.state.Reducer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code messages} channel with LangGraph's {@code add_messages} semantics, for chat graphs whose messages are
 * plain maps in LangChain's serialized shape: an update (one message or a list) is appended, a message whose id is
 * already there replaces it, and {@code {"type": "remove", "id": ...}} removes one. Each message is normalized as
 * LangChain coerces input: {@code role} becomes {@code type} ({@code user} → {@code human}, {@code assistant} →
 * {@code ai}), a string becomes a human message, and missing ids and standard fields are filled in.
 *
 * <pre>{@code
 * new StateGraph<>(Map.of("messages", MessagesChannel.create()), AgentState::new)
 * }</pre>
 */
public final class MessagesChannel implements Channel<List<Object>> {

    private static final Map<String, String> TYPE_OF_ROLE = Map.of(
            "user", "human", "human", "human", "assistant", "ai", "ai", "ai",
            "system", "system", "tool", "tool", "function", "function");

    private MessagesChannel() {
    }

    public static MessagesChannel create() {
        return new MessagesChannel();
    }

    @Override
    public Optional<Reducer<List<Object>>> getReducer() {
        return Optional.of(MessagesChannel::addMessages);
    }

    @Override
    public Optional<Supplier<List<Object>>> getDefault() {
        return Optional.of(ArrayList::new);
    }

    @Override
    public Object update(String key, Object oldValue, Object newValue) {
        if (isMarkedForReset(newValue)) return new ArrayList<>();
        if (isMarkedForRemoval(newValue)) return null;
        List<Object> current = oldValue instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
        return addMessages(current, newValue instanceof List<?> list ? new ArrayList<>(list) : List.of(newValue));
    }

    private static List<Object> addMessages(List<Object> current, List<Object> updates) {
        List<Object> result = current == null ? new ArrayList<>() : new ArrayList<>(current);
        for (Object update : updates) {
            Map<String, Object> message = normalize(update);
            int existing = indexOf(result, message.get("id"));
            if ("remove".equals(message.get("type"))) {
                if (existing >= 0) result.remove(existing);
            } else if (existing >= 0) {
                result.set(existing, message);
            } else {
                result.add(message);
            }
        }
        return result;
    }

    private static int indexOf(List<Object> messages, Object id) {
        if (id == null) return -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof Map<?, ?> message && id.equals(message.get("id"))) return i;
        }
        return -1;
    }

    /**
     * A message in LangChain's serialized shape. One that already has a {@code type} keeps its layout and only gets
     * what it lacks; one given by {@code role} (or as a string) is laid out as LangChain coerces it: content,
     * additional_kwargs, response_metadata, (ai: tool_calls, invalid_tool_calls), other fields, id, type.
     */
    static Map<String, Object> normalize(Object raw) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> map) {
            map.forEach((key, value) -> given.put(String.valueOf(key), value));
        } else {
            given.put("content", String.valueOf(raw));
            given.put("role", "human");
        }
        if (given.get("type") instanceof String type) {
            if (!type.equals("remove")) fillIn(given, type);
            return given;
        }
        Object role = given.remove("role");
        String type = TYPE_OF_ROLE.getOrDefault(String.valueOf(role), String.valueOf(role));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("content", given.remove("content"));
        Object id = given.remove("id");
        fillIn(message, type);
        message.putAll(given);
        message.put("id", id != null ? id : message.get("id"));
        message.put("type", type);
        return message;
    }

    /** Adds the standard fields a message lacks (LangChain always writes them) and an id. */
    private static void fillIn(Map<String, Object> message, String type) {
        if (message.get("content") == null) message.put("content", "");
        message.putIfAbsent("additional_kwargs", new LinkedHashMap<>());
        message.putIfAbsent("response_metadata", new LinkedHashMap<>());
        if (type.equals("ai")) {
            message.putIfAbsent("tool_calls", new ArrayList<>());
            message.putIfAbsent("invalid_tool_calls", new ArrayList<>());
            message.remove("tool_call_chunks"); // a complete message keeps its tool calls, not the streamed pieces
        }
        if (message.get("id") == null) message.put("id", UUID.randomUUID().toString());
    }
}
