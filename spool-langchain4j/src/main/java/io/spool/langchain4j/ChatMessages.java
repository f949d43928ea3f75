package io.spool.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.spool.langgraph4j.JsonText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code messages} channel (maps in LangChain's serialized shape) as LangChain4j chat messages: {@code human} →
 * {@link UserMessage}, {@code system} → {@link SystemMessage}, {@code ai} → {@link AiMessage} with its tool calls as
 * {@link ToolExecutionRequest}s, {@code tool} → {@link ToolExecutionResultMessage}.
 */
public final class ChatMessages {

    private ChatMessages() {
    }

    public static List<ChatMessage> of(List<?> messages) {
        List<ChatMessage> result = new ArrayList<>();
        for (Object item : messages) {
            if (!(item instanceof Map<?, ?> message)) continue;
            String text = text(message.get("content"));
            switch (String.valueOf(message.get("type"))) {
                case "human" -> result.add(UserMessage.from(text));
                case "system" -> result.add(SystemMessage.from(text));
                case "ai" -> result.add(aiMessage(text, message.get("tool_calls")));
                case "tool" -> result.add(ToolExecutionResultMessage.from(
                        String.valueOf(message.get("tool_call_id")), String.valueOf(message.get("name")), text));
                default -> { } // remove markers and unknown kinds are not part of a conversation
            }
        }
        return result;
    }

    private static AiMessage aiMessage(String text, Object toolCalls) {
        List<ToolExecutionRequest> requests = new ArrayList<>();
        if (toolCalls instanceof List<?> calls) {
            for (Object item : calls) {
                if (!(item instanceof Map<?, ?> call)) continue;
                requests.add(ToolExecutionRequest.builder()
                        .id(String.valueOf(call.get("id")))
                        .name(String.valueOf(call.get("name")))
                        .arguments(JsonText.of(call.get("args") == null ? Map.of() : call.get("args")))
                        .build());
            }
        }
        if (requests.isEmpty()) return AiMessage.from(text);
        return text.isEmpty() ? AiMessage.from(requests) : AiMessage.from(text, requests);
    }

    /** Content as text: a string, or the text parts of a list of content blocks. */
    static String text(Object content) {
        if (content == null) return "";
        if (content instanceof List<?> parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Map<?, ?> block && "text".equals(block.get("type"))) text.append(block.get("text"));
                else if (part instanceof String s) text.append(s);
            }
            return text.toString();
        }
        return String.valueOf(content);
    }
}
