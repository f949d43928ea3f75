package io.spool.v2;

import io.spool.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event of the thread-centric protocol ("v2"): {@code {type:"event", event_id, seq, method, params:{namespace,
 * timestamp, node?, data}}}.
 *
 * @param seq     the event's place among the thread's protocol events (1, 2, ...): stable, since it is counted over
 *                the thread's log from its start, so any connection numbers an event the same
 * @param eventId {@code <ms>-<seq>}: the log event's millisecond and {@code seq}, a durable id of the shape clients
 *                send back as {@code Last-Event-ID}
 * @param node    the node an {@code updates} or {@code messages} event belongs to, or null
 */
public record ProtocolEvent(long seq, String eventId, String method, List<String> namespace, String node,
                            long timestamp, Object data) {

    /**
     * The channel a subscription names to receive this event: the method, except {@code input} for
     * {@code input.requested} and {@code custom:<name>} for a named custom event.
     */
    public String channel() {
        if (method.equals("input.requested")) return "input";
        if (method.equals("custom") && data instanceof Map<?, ?> m && m.get("name") != null) {
            return "custom:" + m.get("name");
        }
        return method;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("namespace", namespace);
        params.put("timestamp", timestamp);
        if (node != null) params.put("node", node);
        params.put("data", data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("event_id", eventId);
        m.put("seq", seq);
        m.put("method", method);
        m.put("params", params);
        return m;
    }

    public byte[] json() {
        return Json.bytes(toMap());
    }
}
