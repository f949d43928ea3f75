package io.spool.examples.react;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.spool.langchain4j.ChatModelNode;
import io.spool.langchain4j.ToolNode;
import io.spool.langgraph4j.AiMessageStream;
import io.spool.langgraph4j.MessagesChannel;
import io.spool.langgraph4j.PlainStateSerializer;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;

import java.util.List;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncEdgeAction.edge_async;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * A ReAct agent ({@code create_react_agent}'s loop) with a real chat model, any OpenAI-compatible endpoint through
 * LangChain4j, streamed token by token:
 *
 * <pre>
 *   START → model ─(tool calls)→ tools → model
 *                 └─(otherwise)→ END
 * </pre>
 *
 * <p>Configured from the environment (or a system property of the same name): {@code OPENAI_API_KEY} (required),
 * {@code OPENAI_BASE_URL} (default {@code https://api.openai.com/v1}), {@code SPOOL_MODEL} (default
 * {@code gpt-4o-mini}). Without a key the server still starts; the graph then answers with what is missing.
 * Served from {@code spool-examples/react-agent.json}.
 */
public final class ReactAgentGraph {

    public static final StateGraph<AgentState> graph = build();

    private ReactAgentGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var tools = ToolNode.of(new WeatherTools());
            var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                    new PlainStateSerializer<>(AgentState::new));
            graph.addNode("model", node_async(modelNode(tools)));
            graph.addNode("tools", node_async(tools));
            return graph.addEdge(START, "model")
                    .addConditionalEdges("model", edge_async(state -> ChatModelNode.wantsTools(state) ? "tools" : END),
                            Map.of("tools", "tools", END, END))
                    .addEdge("tools", "model");
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The model node, made on first call so that the settings are read when the graph runs, not when it loads. */
    private static NodeActionWithConfig<AgentState> modelNode(ToolNode tools) {
        return new NodeActionWithConfig<>() {
            private volatile ChatModelNode node;

            @Override
            public Map<String, Object> apply(AgentState state, org.bsc.langgraph4j.RunnableConfig config)
                    throws Exception {
                String key = setting("OPENAI_API_KEY", null);
                if (key == null || key.isBlank()) {
                    var reply = AiMessageStream.start(config);
                    reply.chunk("This agent needs a model: set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other "
                            + "than OpenAI's, SPOOL_MODEL for a model other than gpt-4o-mini) in the server's "
                            + "environment and restart it.");
                    return Map.of("messages", List.of(reply.message()));
                }
                if (node == null) {
                    String model = setting("SPOOL_MODEL", "gpt-4o-mini");
                    node = ChatModelNode.streaming(OpenAiStreamingChatModel.builder()
                                    .baseUrl(setting("OPENAI_BASE_URL", "https://api.openai.com/v1"))
                                    .apiKey(key)
                                    .modelName(model)
                                    .build())
                            .tools(tools.specifications())
                            .modelMetadata(Map.of("ls_provider", "openai", "ls_model_name", model));
                }
                return node.apply(state, config);
            }
        };
    }

    private static String setting(String name, String defaultValue) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
