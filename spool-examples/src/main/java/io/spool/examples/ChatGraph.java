package io.spool.examples;

import io.spool.langgraph4j.AiMessageStream;
import io.spool.langgraph4j.MessagesChannel;
import io.spool.langgraph4j.PlainStateSerializer;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;

import java.util.List;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * A chat graph with a fake model (no network): the {@code model} node answers every conversation with
 * {@value #REPLY}, streamed one character per chunk, {@value #CHUNK_DELAY_MS} ms apart, like LangChain's
 * {@code FakeListChatModel}.
 */
public final class ChatGraph {

    static final String REPLY = "Hello from the fake model!";
    static final long CHUNK_DELAY_MS = 20;
    /** What a LangChain chat model adds to the metadata of its chunks. */
    private static final Map<String, Object> MODEL_METADATA = Map.of(
            "ls_integration", "langchain_chat_model",
            "ls_model_type", "chat",
            "ls_provider", "FakeListChatModel");

    public static final StateGraph<AgentState> graph = build();

    private ChatGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                    new PlainStateSerializer<>(AgentState::new));
            graph.addNode("model", node_async((state, config) -> {
                var reply = AiMessageStream.start(config, MODEL_METADATA);
                for (int i = 0; i < REPLY.length(); i++) {
                    Thread.sleep(CHUNK_DELAY_MS);
                    reply.chunk(REPLY.substring(i, i + 1));
                }
                return Map.of("messages", List.of(reply.message()));
            }));
            return graph.addEdge(START, "model").addEdge("model", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
