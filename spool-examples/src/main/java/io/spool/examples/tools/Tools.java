package io.spool.examples.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's two tools, deterministic and offline: {@code get_weather(city)} and {@code add(a, b)}. Each takes the
 * arguments of a tool call (a JSON object as a map) and returns the text of its tool message.
 */
final class Tools {

    static final String GET_WEATHER = "get_weather";
    static final String ADD = "add";

    private static final List<String> SKIES = List.of("sunny", "cloudy", "rainy", "windy", "foggy");
    private static final Map<String, String> KNOWN = Map.of(
            "paris", "sunny, 21 degrees Celsius",
            "london", "rainy, 14 degrees Celsius",
            "tokyo", "cloudy, 18 degrees Celsius");

    private Tools() {
    }

    /** The tools' names, as a chat model is told them. */
    static List<String> names() {
        return List.of(GET_WEATHER, ADD);
    }

    /** Runs tool {@code name}; an unknown tool or bad arguments throw {@link IllegalArgumentException}. */
    static String call(String name, Map<?, ?> args) {
        return switch (name) {
            case GET_WEATHER -> weather(text(args, "city"));
            case ADD -> format(number(args, "a") + number(args, "b"));
            default -> throw new IllegalArgumentException("unknown tool " + name + "; the tools are " + names());
        };
    }

    /** Made-up weather: a few cities are fixed, any other one gets a forecast derived from its name. */
    static String weather(String city) {
        String known = KNOWN.get(city.trim().toLowerCase(java.util.Locale.ROOT));
        if (known != null) return known;
        int hash = Math.abs(city.trim().toLowerCase(java.util.Locale.ROOT).hashCode() % 1000);
        return SKIES.get(hash % SKIES.size()) + ", " + (5 + hash % 25) + " degrees Celsius";
    }

    /** {@code {"name": ..., "args": ..., "id": ..., "type": "tool_call"}}, LangChain's tool call. */
    static Map<String, Object> toolCall(String name, Map<String, Object> args, String id) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", name);
        call.put("args", args);
        call.put("id", id);
        call.put("type", "tool_call");
        return call;
    }

    /** A whole number without a trailing {@code .0}; otherwise the decimal. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String text(Map<?, ?> args, String key) {
        if (args.get(key) instanceof String s && !s.isBlank()) return s;
        throw new IllegalArgumentException("argument '" + key + "' must be a non-empty string");
    }

    private static double number(Map<?, ?> args, String key) {
        Object value = args.get(key);
        if (value instanceof Number n) return n.doubleValue();
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("argument '" + key + "' must be a number, got " + value);
    }
}
