package io.spool.v2;

import java.util.List;
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
