package io.spool.v2;

import io.spool.errors.ApiError;
import io.spool.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a subscription receives: events of some channels ({@code custom} also takes every {@code custom:<name>}),
 * optionally only under some namespace prefixes and at most {@code depth} levels below them, and only after
 * {@code since}. A prefix segment without {@code :} also matches a namespace segment with a task suffix
 * ({@code research} matches {@code research:<task id>}), as the SDK matches them.
 *
 * @param namespaces null: every namespace
 * @param depth      null: any depth
 * @param since      events with {@code seq <= since} are skipped (0: none)
 */
public record EventFilter(Set<String> channels, List<List<String>> namespaces, Integer depth, long since)
        implements Predicate<ProtocolEvent> {

    /** Every channel a subscription may name, besides {@code custom:<name>}. */
    public static final List<String> CHANNELS = List.of("values", "updates", "messages", "tools", "lifecycle",
            "checkpoints", "input", "tasks", "custom");

    private static final Set<String> FIELDS = Set.of("channels", "namespaces", "depth", "since");

    /**
     * A filter as a client asks for it, in the body of {@code POST /threads/{id}/stream/events} or the params of a
     * WebSocket's {@code subscription.subscribe}: {@code channels} required; {@code namespaces}, {@code depth},
     * {@code since}; nothing else ({@code fields} are the names the client sent). {@code lastEventId} (an
     * {@code event_id} or a seq, may be null) resumes like {@code since}; the later of the two wins. Throws
     * {@link ApiError} (422, 400 for a bad {@code Last-Event-ID}) in the client's terms.
     */
    public static EventFilter parse(Map<String, Object> body, Collection<String> fields, String lastEventId) {
        for (String f : fields) {
            if (!FIELDS.contains(f)) {
                throw ApiError.invalid("Unknown field '" + f + "'; a stream takes " + List.of("channels",
                        "namespaces", "depth", "since"));
            }
        }
        if (!(body.get("channels") instanceof List<?> list) || list.isEmpty()) {
            throw ApiError.invalid("Field 'channels' is required: a non-empty list of " + CHANNELS
                    + " or custom:<name>");
        }
        Set<String> channels = new LinkedHashSet<>();
        for (Object c : list) {
            if (!(c instanceof String s) || !isChannel(s)) {
                throw ApiError.invalid("Unknown channel " + Json.text(c) + "; use any of " + CHANNELS
                        + " or custom:<name>");
            }
            channels.add(s);
        }
        List<List<String>> namespaces = null;
        if (body.get("namespaces") != null) {
            if (!(body.get("namespaces") instanceof List<?> nss)) throw namespacesError();
            namespaces = new ArrayList<>();
            for (Object ns : nss) {
                if (!(ns instanceof List<?> segments)) throw namespacesError();
                List<String> prefix = new ArrayList<>();
                for (Object s : segments) {
                    if (!(s instanceof String seg)) throw namespacesError();
                    prefix.add(seg);
                }
                namespaces.add(List.copyOf(prefix));
            }
        }
        Long depth = nonNegative(body, "depth");
        Long since = nonNegative(body, "since");
        long cursor = since == null ? 0 : since;
        Long resumed = lastEventSeq(lastEventId);
        if (resumed != null) cursor = Math.max(cursor, resumed);
        return new EventFilter(channels, namespaces, depth == null ? null : depth.intValue(), cursor);
    }

    private static ApiError namespacesError() {
        return ApiError.invalid("Field 'namespaces' must be a list of namespaces, each a list of strings");
    }

    private static Long nonNegative(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
            throw ApiError.invalid("Field '" + field + "' must be a non-negative integer");
        }
        return n.longValue();
    }

    /** The seq in a {@code Last-Event-ID}: {@code <ms>-<seq>} (an event_id) or a bare seq; null when absent. */
    public static Long lastEventSeq(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        int dash = h.indexOf('-');
        try {
            long seq = Long.parseLong(dash < 0 ? h : h.substring(dash + 1));
            if (dash > 0) Long.parseLong(h.substring(0, dash));
            if (seq >= 0) return seq;
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiError.invalid("Invalid Last-Event-ID: use an event_id (<ms>-<seq>) or a seq");
    }

    public static boolean isChannel(String c) {
        return CHANNELS.contains(c) || c.startsWith("custom:") && c.length() > "custom:".length();
    }

    @Override
    public boolean test(ProtocolEvent e) {
        if (e.seq() <= since) return false;
        String channel = e.channel();
        if (!channels.contains(channel) && !(channel.startsWith("custom:") && channels.contains("custom"))) {
            return false;
        }
        if (namespaces == null || namespaces.isEmpty()) return true;
        for (List<String> prefix : namespaces) {
            if (isPrefix(prefix, e.namespace()) && (depth == null || e.namespace().size() - prefix.size() <= depth)) {
                return true;
            }
        }
        return false;
    }

    static boolean isPrefix(List<String> prefix, List<String> ns) {
        if (prefix.size() > ns.size()) return false;
        for (int i = 0; i < prefix.size(); i++) {
            String p = prefix.get(i);
            String s = ns.get(i);
            if (s.equals(p)) continue;
            if (p.contains(":")) return false;
            int colon = s.indexOf(':');
            if (colon < 0 || !s.substring(0, colon).equals(p)) return false;
        }
        return true;
    }
}
