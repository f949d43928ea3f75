package io.spool.stream;

import io.spool.storage.StreamEvent;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The thread stream's {@code stream_modes}: {@code run_modes} (every run event, the default), {@code lifecycle}
 * (run start and end markers only), {@code state_update}. An event passes if any selected mode accepts it.
 */
public record ThreadStreamFilter(boolean runModes, boolean lifecycle, boolean stateUpdate)
        implements Predicate<StreamEvent> {

    public static final List<String> MODES = List.of("run_modes", "lifecycle", "state_update");

    public static ThreadStreamFilter of(Set<String> modes) {
        if (modes.isEmpty()) return new ThreadStreamFilter(true, false, false);
        return new ThreadStreamFilter(modes.contains("run_modes"), modes.contains("lifecycle"),
                modes.contains("state_update"));
    }

    @Override
    public boolean test(StreamEvent e) {
        boolean isStateUpdate = e.runId() == null && e.event().equals("state_update");
        if (isStateUpdate) return stateUpdate;
        if (runModes) return true;
        return lifecycle && (e.runEnd() || e.isRunStart());
    }
}
