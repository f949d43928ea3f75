package io.spool.langgraph4j;

import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.AppenderChannel;
import org.bsc.langgraph4j.state.Channel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON schema of a LangGraph4j graph's state, typed as far as LangGraph4j knows the types. Its channels carry
 * none, so a property's type comes from, in this order: the state class's accessor named like the channel (the
 * LangGraph4j way to type a state: {@code public Optional<List<String>> items() { return value("items"); }}); the
 * channel (an appender or messages channel holds a list); the channel's default value. Without any of these a
 * property accepts any JSON value. A messages channel is tagged {@code "langgraph_type": "messages"}, as LangGraph
 * tags its message lists.
 */
final class StateSchemas {

    private StateSchemas() {
    }

    static Map<String, Object> of(String title, StateGraph<?> graph) {
        Map<String, Type> accessors = accessorTypes(stateClass(graph));
        Map<String, Object> properties = new LinkedHashMap<>();
        graph.getChannels().forEach((key, channel) -> {
            Map<String, Object> property = new LinkedHashMap<>(accessors.containsKey(key)
                    ? schemaOf(accessors.get(key)) : schemaOf(channel));
            // the official schemas' tag for a list of messages (add_messages), which chat UIs look for
            if (channel instanceof MessagesChannel) property.put("langgraph_type", "messages");
            properties.put(key, property);
        });
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("title", title);
        schema.put("properties", properties);
        return schema;
    }

    /** The JSON schema of values of a Java type; {@code {}} (any value) for what JSON cannot say more about. */
    static Map<String, Object> schemaOf(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            Type[] args = generic.getActualTypeArguments();
            if (raw == Optional.class) return schemaOf(args[0]);
            if (Collection.class.isAssignableFrom(raw)) return Map.of("type", "array", "items", schemaOf(args[0]));
            if (Map.class.isAssignableFrom(raw)) return Map.of("type", "object");
            return schemaOf(raw);
        }
        if (!(type instanceof Class<?> raw)) return Map.of(); // a type variable or a wildcard
        if (raw == String.class || raw == Character.class || raw == char.class || raw.isEnum()) {
            return Map.of("type", "string");
        }
        if (raw == Boolean.class || raw == boolean.class) return Map.of("type", "boolean");
        if (List.of(Integer.class, int.class, Long.class, long.class, Short.class, short.class, Byte.class,
                byte.class).contains(raw)) {
            return Map.of("type", "integer");
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return Map.of("type", "number");
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) return Map.of("type", "array");
        if (Map.class.isAssignableFrom(raw) || raw.isRecord()) return Map.of("type", "object");
        return Map.of();
    }

    private static Map<String, Object> schemaOf(Channel<?> channel) {
        if (channel instanceof AppenderChannel<?>) return Map.of("type", "array");
        if (channel instanceof MessagesChannel) return Map.of("type", "array", "items", Map.of("type", "object"));
        return channel.getDefault().map(initial -> {
            Object value = initial.get();
            return value == null ? Map.<String, Object>of() : schemaOf(value.getClass());
        }).orElse(Map.of());
    }

    /** The state class of the graph, found by making an empty state. */
    private static Class<?> stateClass(StateGraph<?> graph) {
        try {
            return graph.getStateFactory().apply(new HashMap<>()).getClass();
        } catch (RuntimeException e) { // a state that refuses to be empty has no accessors to read here
            return AgentState.class;
        }
    }

    /** The return types of the state class's own public no-argument methods, by name. */
    private static Map<String, Type> accessorTypes(Class<?> stateClass) {
        Map<String, Type> types = new HashMap<>();
        for (Method method : stateClass.getMethods()) {
            Class<?> declaring = method.getDeclaringClass();
            if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && AgentState.class.isAssignableFrom(declaring) && declaring != AgentState.class) {
                types.put(method.getName(), method.getGenericReturnType());
            }
        }
        return types;
    }
}
