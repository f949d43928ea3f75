package io.spool.stream;

import io.spool.storage.StreamEvent;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The events of one run, as run streams show them: everything the run emitted except its end marker, optionally
 * narrowed to some stream modes. Subgraph events ({@code updates|node:task}) are compared by their mode, so a mode
 * filter never drops them (unlike the reference's bug #7778). Start markers and errors always pass.
 */
public final class RunStreamFilter implements Predicate<StreamEvent> {

    private final String runId;
    private final Set<String> eventNames;
    private final boolean legacyMessages;

    /** {@code modes} null or empty means every mode. */
    public RunStreamFilter(String runId, Collection<String> modes) {
        this.runId = runId;
        if (modes == null || modes.isEmpty()) {
            this.eventNames = null;
            this.legacyMessages = false;
        } else {
            this.eventNames = new HashSet<>();
            for (String m : modes) {
                // messages-tuple events are named "messages"; the legacy mode's are "messages/partial" and so on
                if (!m.equals("messages")) eventNames.add(m.equals("messages-tuple") ? "messages" : m);
            }
            this.legacyMessages = modes.contains("messages");
        }
    }

    @Override
    public boolean test(StreamEvent e) {
        if (e.runEnd() || !runId.equals(e.runId())) return false;
        if (eventNames == null) return true;
        String name = e.event();
        if (name.equals("metadata") || name.equals("error")) return true;
        int bar = name.indexOf('|');
        String mode = bar < 0 ? name : name.substring(0, bar);
        return eventNames.contains(mode) || legacyMessages && mode.startsWith("messages/");
    }

    /** Whether {@code e} is this run's end marker. */
    public boolean isEnd(StreamEvent e) {
        return e.runEnd() && runId.equals(e.runId());
    }
}
