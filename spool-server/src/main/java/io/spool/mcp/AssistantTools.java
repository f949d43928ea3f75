package io.spool.mcp;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.spool.assistants.Assistants;
import io.spool.errors.ApiError;
import io.spool.graph.SpoolGraph;
import io.spool.graphs.GraphRegistry;
import io.spool.graphs.GraphSchemas;
import io.spool.json.Json;
import io.spool.runs.RunCreate;
import io.spool.runs.RunOutcome;
import io.spool.runs.RunService;
import io.spool.storage.Assistant;
import io.spool.storage.RunRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * One MCP tool per assistant: its name made a valid tool name, its description, the graph's input schema. A call is
 * a stateless run through {@link RunService} (a real run, with its temporary thread), answered with the thread's
 * values after the run as JSON text and as {@code structuredContent}.
 */
final class AssistantTools {

    /** Tool names: MCP allows 128 characters of {@code [A-Za-z0-9_.-]}; clients that feed models often allow 64. */
    static final int MAX_NAME = 64;

    private final Assistants assistants;
    private final GraphRegistry graphs;
    private final RunService runs;
    /** What the MCP server publishes now, by tool name, so an unchanged tool is not re-registered. */
    private final Map<String, Tool> published = new HashMap<>();

    AssistantTools(Assistants assistants, GraphRegistry graphs, RunService runs) {
        this.assistants = assistants;
        this.graphs = graphs;
        this.runs = runs;
    }

    /**
     * Makes the server's tools those of the assistants now stored. Assistants come and go through the API, and
     * the SDK's stateless server keeps a tool list, so every listing or call brings it up to date first.
     */
    synchronized void refresh(McpStatelessSyncServer server) {
        Map<String, SyncToolSpecification> wanted = new LinkedHashMap<>();
        for (Assistant a : assistants.search(new Assistants.Query(null, null, null), "created_at", "asc")) {
            SpoolGraph graph = graphs.get(a.graphId()).orElse(null);
            if (graph == null) continue;
            String name = toolName(a.name() == null ? a.graphId() : a.name());
            if (wanted.containsKey(name)) name = withIdSuffix(name, a.assistantId());
            Tool tool = Tool.builder()
                    .name(name)
                    .title(a.name())
                    .description(description(a))
                    .inputSchema(GraphSchemas.input(graph, a.graphId()))
                    .build();
            String assistantId = a.assistantId();
            wanted.put(name, new SyncToolSpecification(tool, (ctx, call) -> call(assistantId, call)));
        }
        for (String name : Map.copyOf(published).keySet()) {
            if (!wanted.containsKey(name)) {
                server.removeTool(name);
                published.remove(name);
            }
        }
        for (SyncToolSpecification spec : wanted.values()) {
            if (spec.tool().equals(published.get(spec.tool().name()))) continue;
            server.addTool(spec);
            published.put(spec.tool().name(), spec.tool());
        }
    }

    private CallToolResult call(String assistantId, CallToolRequest call) {
        Map<String, Object> input = call.arguments() == null ? Map.of() : call.arguments();
        RunRecord run;
        try {
            run = runs.create(null, statelessRun(assistantId, input), true);
        } catch (ApiError e) {
            return failed(e.getMessage());
        }
        try {
            RunOutcome outcome = runs.outcome(run.threadId(), run.runId()).get();
            if (outcome.error() != null) return failed(String.valueOf(outcome.error().get("message")));
            Map<String, Object> values = runs.result(outcome);
            return CallToolResult.builder().addTextContent(Json.text(values)).structuredContent(values)
                    .isError(false).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("The call was interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            runs.deleteIfTemporary(run); // no one joins an MCP call's run later
        }
    }

    private static RunCreate statelessRun(String assistantId, Map<String, Object> input) {
        return new RunCreate(assistantId, input, null, null, null, Map.of("source", "mcp"), null, false, false,
                null, null, null, "create", "delete", null, 0, null, null);
    }

    private static CallToolResult failed(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static String description(Assistant a) {
        if (a.description() != null && !a.description().isBlank()) return a.description();
        return "Runs the graph '" + a.graphId() + "' (assistant " + a.assistantId() + ") on the arguments as its "
                + "input and returns the graph's state after the run.";
    }

    /** The assistant's name with every character a tool name may not hold made {@code _}, cut to fit. */
    static String toolName(String name) {
        String s = name.strip().replaceAll("[^A-Za-z0-9_-]", "_");
        if (s.isEmpty()) s = "assistant";
        return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
    }

    /** A second assistant of the same name: the name plus the random end of its id (uuid7s begin with a time). */
    static String withIdSuffix(String name, String assistantId) {
        String hex = assistantId.replace("-", "");
        String suffix = "_" + hex.substring(Math.max(0, hex.length() - 12));
        return (name.length() + suffix.length() > MAX_NAME ? name.substring(0, MAX_NAME - suffix.length()) : name)
                + suffix;
    }
}
