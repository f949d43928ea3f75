package io.spool.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;

/**
 * A span per model call, inside the node's span, with the OpenTelemetry GenAI attribute names (operation, provider,
 * response model, token usage). No-op while the server has no tracing set up.
 */
final class ModelSpans {

    private static final String SCOPE = "io.spool.langchain4j";

    private ModelSpans() {
    }

    static Span start(ModelProvider provider, int messages) {
        if (!Span.current().getSpanContext().isValid()) return Span.getInvalid(); // outside a traced run
        String system = providerName(provider);
        return GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE).spanBuilder("chat").setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", system)
                .setAttribute("spool.model.messages", (long) messages)
                .startSpan();
    }

    /** The GenAI conventions' well-known provider names, else LangChain4j's name in lower case. */
    static String providerName(ModelProvider provider) {
        if (provider == null) return "unknown";
        return switch (provider.name()) {
            case "OPEN_AI" -> "openai";
            case "AZURE_OPEN_AI" -> "azure.ai.openai";
            case "AMAZON_BEDROCK" -> "aws.bedrock";
            case "GOOGLE_AI_GEMINI" -> "gcp.gemini";
            case "GOOGLE_VERTEX_AI_GEMINI", "GOOGLE_VERTEX_AI_ANTHROPIC" -> "gcp.vertex_ai";
            case "MISTRAL_AI" -> "mistral_ai";
            case "WATSONX" -> "ibm.watsonx.ai";
            default -> provider.name().toLowerCase(Locale.ROOT);
        };
    }

    static void succeeded(Span span, ChatResponse response) {
        if (!span.getSpanContext().isValid()) return;
        if (response.modelName() != null) {
            span.updateName("chat " + response.modelName());
            span.setAttribute("gen_ai.response.model", response.modelName());
        }
        if (response.id() != null) span.setAttribute("gen_ai.response.id", response.id());
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            if (usage.inputTokenCount() != null) span.setAttribute("gen_ai.usage.input_tokens", (long) usage.inputTokenCount());
            if (usage.outputTokenCount() != null) span.setAttribute("gen_ai.usage.output_tokens", (long) usage.outputTokenCount());
        }
        if (response.finishReason() != null) {
            span.setAttribute("gen_ai.response.finish_reasons", response.finishReason().name().toLowerCase(Locale.ROOT));
        }
    }

    static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
