package io.spool.examples.embedded;

import io.spool.server.Spool;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeAction.node_async;

/**
 * A Java service that serves its own graph: the graph is built in code, {@link Spool#builder()} serves it over the
 * Agent Server API, and the service stops it when it stops. Run it with
 * {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl spool-embedded-example exec:java}, then
 * {@code curl -s localhost:8123/runs/wait -H 'Content-Type: application/json'
 * -d '{"assistant_id":"greeter","input":{"name":"Ada"}}'}.
 */
public final class GreeterService {

    private GreeterService() {
    }

    /** One node: reads {@code name}, writes {@code greeting}. */
    static StateGraph<AgentState> greeter() throws GraphStateException {
        return new StateGraph<>(AgentState::new)
                .addNode("greet", node_async(state -> {
                    String name = state.<String>value("name").orElse("world");
                    return Map.of("greeting", "Hello, " + name + "!");
                }))
                .addEdge(START, "greet")
                .addEdge("greet", END);
    }

    /** Starts Spool on {@code port} (0: a free one) with the greeter graph, its data in {@code dataDir}. */
    public static Spool start(int port, Path dataDir) throws Exception {
        return Spool.builder()
                .graph("greeter", greeter())
                .storage("sqlite")
                .dataDir(dataDir)
                .port(port)
                .start();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8123"));
        Spool spool = start(port, Path.of(System.getenv().getOrDefault("DATA_DIR", ".spool-greeter")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            spool.close();
            stopped.countDown();
        }));
        System.out.println("greeter service: Spool serving graph 'greeter' at " + spool.url());
        stopped.await();
    }
}
