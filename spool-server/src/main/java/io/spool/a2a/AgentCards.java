package io.spool.a2a;

import io.spool.http.Exchange;
import io.spool.storage.Assistant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent card of an assistant: one card that both A2A generations read. A 1.0 client takes
 * {@code supportedInterfaces} (JSON-RPC in 1.0, then in 0.3, at the same URL); a 0.3 client takes {@code url},
 * {@code preferredTransport} and {@code protocolVersion}. One skill: the assistant itself.
 */
final class AgentCards {

    static final List<String> MODES = List.of("text/plain", "application/json");

    private final String version;

    AgentCards(String version) {
        this.version = version;
    }

    Map<String, Object> card(Exchange ex, Assistant a) {
        String url = baseUrl(ex) + "/a2a/" + a.assistantId();
        String name = a.name() == null || a.name().isBlank() ? a.graphId() : a.name();
        String description = a.description() != null && !a.description().isBlank() ? a.description()
                : "The Spool graph '" + a.graphId() + "' as an agent: send it a message, it answers with the last AI "
                        + "message of the conversation";
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("protocolVersion", "0.3.0");
        card.put("name", name);
        card.put("description", description);
        card.put("url", url);
        card.put("preferredTransport", "JSONRPC");
        card.put("supportedInterfaces", List.of(
                Map.of("url", url, "protocolBinding", "JSONRPC", "protocolVersion", "1.0"),
                Map.of("url", url, "protocolBinding", "JSONRPC", "protocolVersion", "0.3")));
        card.put("version", version);
        card.put("capabilities", Map.of("streaming", true, "pushNotifications", false,
                "stateTransitionHistory", false));
        card.put("defaultInputModes", MODES);
        card.put("defaultOutputModes", MODES);
        Map<String, Object> skill = new LinkedHashMap<>();
        skill.put("id", a.graphId());
        skill.put("name", name);
        skill.put("description", description);
        skill.put("tags", List.of("assistant", "langgraph", a.graphId()));
        skill.put("examples", List.of());
        skill.put("inputModes", MODES);
        skill.put("outputModes", MODES);
        card.put("skills", List.of(skill));
        return card;
    }

    /** Where the caller reached this server: a proxy's forwarded scheme and host first, else the Host header. */
    private static String baseUrl(Exchange ex) {
        String proto = first(ex.header("X-Forwarded-Proto"));
        String host = first(ex.header("X-Forwarded-Host"));
        if (host == null) host = ex.header("Host");
        if (host == null) host = "127.0.0.1";
        return (proto == null ? "http" : proto) + "://" + host;
    }

    private static String first(String listed) {
        if (listed == null || listed.isBlank()) return null;
        int comma = listed.indexOf(',');
        return (comma < 0 ? listed : listed.substring(0, comma)).strip();
    }
}
