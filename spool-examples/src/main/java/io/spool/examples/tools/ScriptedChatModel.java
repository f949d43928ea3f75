package io.spool.examples.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat model that follows a script instead of calling an LLM: deterministic, no network. It reads the
 * conversation (messages in LangChain's serialized shape, as the {@code messages} channel holds them) and answers:
 * <ul>
 *   <li>to a user question about the weather in a city, or asking to add two numbers, with a short text and the
 *       matching tool calls ({@code get_weather(city)}, {@code add(a, b)}), ids {@code call_1}, {@code call_2}, ...
 *       numbered across the conversation;</li>
 *   <li>after tool results, with a final text built from the tools' outputs;</li>
 *   <li>to anything else, with a text saying what it can do.</li>
 * </ul>
 */
public final class ScriptedChatModel {

    /** What the model answers: {@code text} (streamed token by token) and LangChain-shaped {@code toolCalls}. */
    public record Reply(String text, List<Map<String, Object>> toolCalls) {

        /** The text as a chat model streams it: words, each but the first with its leading space. */
        public List<String> tokens() {
            return text.isEmpty() ? List.of() : List.of(text.split("(?=\\s)"));
        }
    }

    static final String HELP = "I can tell you the weather in a city or add two numbers. Try: "
            + "\"What is the weather in Paris?\" or \"What is 2 + 3?\"";

    private static final Pattern WEATHER =
            Pattern.compile("(?i:weather)[^?.!]*?\\b(?i:in|for|at)\\s+([\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]*)*)");
    private static final Pattern SUM = Pattern.compile(
            "(-?\\d+(?:\\.\\d+)?)\\s*(?:\\+|(?i:plus|and|to))\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern SUM_WORD = Pattern.compile("\\+|(?i:\\b(?:add|plus|sum)\\b)");

    /** The model's answer to {@code messages}, the whole conversation so far. */
    public Reply respond(List<?> messages) {
        if (messages.isEmpty()) return new Reply(HELP, List.of());
        Map<?, ?> last = (Map<?, ?>) messages.getLast();
        return switch (String.valueOf(last.get("type"))) {
            case "tool" -> answerFromToolResults(messages);
            case "human" -> answerQuestion(String.valueOf(last.get("content")), toolCallsSoFar(messages));
            default -> new Reply(HELP, List.of());
        };
    }

    private Reply answerQuestion(String question, int callsSoFar) {
        List<String> texts = new ArrayList<>();
        List<Map<String, Object>> calls = new ArrayList<>();
        Matcher weather = WEATHER.matcher(question);
        if (weather.find()) {
            String city = weather.group(1);
            texts.add("Let me check the weather in " + city + ".");
            calls.add(Tools.toolCall(Tools.GET_WEATHER, args("city", city), "call_" + (callsSoFar + calls.size() + 1)));
        }
        Matcher sum = SUM.matcher(question);
        if (SUM_WORD.matcher(question).find() && sum.find()) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("a", number(sum.group(1)));
            args.put("b", number(sum.group(2)));
            texts.add("Let me add " + sum.group(1) + " and " + sum.group(2) + ".");
            calls.add(Tools.toolCall(Tools.ADD, args, "call_" + (callsSoFar + calls.size() + 1)));
        }
        if (calls.isEmpty()) return new Reply(HELP, List.of());
        return new Reply(String.join(" ", texts), List.copyOf(calls));
    }

    /** The final answer: one sentence per tool message after the last AI message, using its output. */
    private Reply answerFromToolResults(List<?> messages) {
        int aiIndex = messages.size() - 1;
        while (aiIndex >= 0 && !"ai".equals(((Map<?, ?>) messages.get(aiIndex)).get("type"))) aiIndex--;
        Map<?, ?> ai = aiIndex >= 0 ? (Map<?, ?>) messages.get(aiIndex) : Map.of();
        List<String> sentences = new ArrayList<>();
        for (Object item : messages.subList(aiIndex + 1, messages.size())) {
            Map<?, ?> result = (Map<?, ?>) item;
            if (!"tool".equals(result.get("type"))) continue;
            String output = String.valueOf(result.get("content"));
            Map<?, ?> args = argsOf(ai, result.get("tool_call_id"));
            if ("error".equals(result.get("status"))) {
                sentences.add("I could not use " + result.get("name") + ": " + output);
            } else if (Tools.GET_WEATHER.equals(result.get("name"))) {
                sentences.add("The weather in " + args.get("city") + " is " + output + ".");
            } else if (Tools.ADD.equals(result.get("name"))) {
                sentences.add(args.get("a") + " + " + args.get("b") + " = " + output + ".");
            } else {
                sentences.add(result.get("name") + " says: " + output);
            }
        }
        return new Reply(sentences.isEmpty() ? HELP : String.join(" ", sentences), List.of());
    }

    private static Map<?, ?> argsOf(Map<?, ?> ai, Object toolCallId) {
        if (ai.get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> c && toolCallId != null && toolCallId.equals(c.get("id"))
                        && c.get("args") instanceof Map<?, ?> args) {
                    return args;
                }
            }
        }
        return Map.of();
    }

    private static int toolCallsSoFar(List<?> messages) {
        int count = 0;
        for (Object message : messages) {
            if (message instanceof Map<?, ?> m && m.get("tool_calls") instanceof List<?> calls) count += calls.size();
        }
        return count;
    }

    private static Map<String, Object> args(String key, Object value) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(key, value);
        return args;
    }

    /** A whole number as a {@code Long}, otherwise a {@code Double}: {@code 2} stays {@code 2} in JSON. */
    private static Number number(String text) {
        double value = Double.parseDouble(text);
        return text.toLowerCase(Locale.ROOT).contains(".") ? (Number) value : (Number) (long) value;
    }
}
