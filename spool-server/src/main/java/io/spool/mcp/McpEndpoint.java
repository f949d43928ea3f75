package io.spool.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.spool.assistants.Assistants;
import io.spool.graphs.GraphRegistry;
import io.spool.http.Exchange;
import io.spool.http.Router;
import io.spool.runs.RunService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP over Streamable HTTP, stateless, at {@code /mcp} and {@code /mcp/}: the official MCP Java SDK's stateless
 * server answers {@code initialize}, {@code tools/list} and {@code tools/call}; this class is its transport.
 *
 * <p>Why a transport of our own: the SDK's only HTTP transport for a stateless server is a servlet
 * ({@code HttpServletStatelessServerTransport}), and Spool serves plain Jetty handlers with no servlet container.
 * This adapter does what that servlet does (one JSON-RPC message per POST, answered with one JSON response; a
 * notification answered 202; GET 405 from the router) on Spool's router, and answers transport-level failures with a JSON-RPC error
 * envelope where the servlet writes a bare error object.
 */
public final class McpEndpoint implements McpStatelessServerTransport {

    private static final String JSON = "application/json";

    private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    private final AssistantTools tools;
    private final McpStatelessSyncServer server;
    private McpStatelessServerHandler handler;

    public McpEndpoint(Assistants assistants, GraphRegistry graphs, RunService runs, String version) {
        this.tools = new AssistantTools(assistants, graphs, runs);
        this.server = McpServer.sync(this)
                .serverInfo("spool", version)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(mapper)
                .validateToolInputs(true)
                .immediateExecution(true) // a call runs on the request's own virtual thread
                .requestTimeout(Duration.ofHours(1))
                .build();
    }

    public void register(Router r) {
        // the router answers GET (and any other method) 405: a stateless server offers no stream to open
        r.add("POST", "/mcp", this::post);
        r.add("DELETE", "/mcp", ex -> ex.noContent(204)); // stateless: there is no session to end
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    private void post(Exchange ex) {
        String accept = ex.header("Accept");
        if (accept == null || !(accept.contains(JSON) && accept.contains("text/event-stream"))) {
            error(ex, 406, ErrorCodes.INVALID_REQUEST,
                    "Not Acceptable: the client must accept both application/json and text/event-stream");
            return;
        }
        String version = ex.header("MCP-Protocol-Version");
        if (version != null && !protocolVersions().contains(version)) {
            error(ex, 400, ErrorCodes.INVALID_REQUEST, "Unsupported MCP-Protocol-Version " + version
                    + "; supported: " + String.join(", ", protocolVersions()));
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, new String(ex.bodyBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            error(ex, 400, ErrorCodes.PARSE_ERROR, "Parse error: the body is not one JSON-RPC 2.0 message");
            return;
        }
        switch (message) {
            case McpSchema.JSONRPCRequest request -> {
                if (request.method().startsWith("tools/")) tools.refresh(server);
                JSONRPCResponse response = handler.handleRequest(McpTransportContext.EMPTY, request)
                        .contextWrite(c -> c.put(McpTransportContext.KEY, McpTransportContext.EMPTY))
                        .block();
                write(ex, 200, response);
            }
            case McpSchema.JSONRPCNotification notification -> {
                handler.handleNotification(McpTransportContext.EMPTY, notification).block();
                ex.noContent(202);
            }
            default -> error(ex, 400, ErrorCodes.INVALID_REQUEST,
                    "Invalid request: this server accepts requests and notifications only");
        }
    }

    /** An error about the HTTP request itself: no request id to answer (the SDK's response type insists on one). */
    private static void error(Exchange ex, int status, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        error.put("id", null);
        error.put("error", Map.of("code", code, "message", message));
        ex.json(status, error);
    }

    private void write(Exchange ex, int status, JSONRPCResponse response) {
        try {
            ex.respond(status, JSON, mapper.writeValueAsBytes(response));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode a JSON-RPC response", e);
        }
    }
}
