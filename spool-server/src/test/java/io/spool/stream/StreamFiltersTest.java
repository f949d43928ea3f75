package io.spool.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamFiltersTest {

    private static StreamEvent ev(String runId, String name, boolean end) {
        return new StreamEvent(new EventId(1, 0), runId, name, "{}".getBytes(), end);
    }

    private final StreamEvent start = ev("r", "metadata", false);
    private final StreamEvent values = ev("r", "values", false);
    private final StreamEvent error = ev("r", "error", false);
    private final StreamEvent done = ev("r", "metadata", true);
    private final StreamEvent state = ev(null, "state_update", false);

    @Test
    void threadStreamModes() {
        ThreadStreamFilter runModes = ThreadStreamFilter.of(Set.of());
        assertThat(List.of(start, values, error, done, state).stream().filter(runModes))
                .containsExactly(start, values, error, done);
        ThreadStreamFilter lifecycle = ThreadStreamFilter.of(Set.of("lifecycle"));
        assertThat(List.of(start, values, error, done, state).stream().filter(lifecycle)).containsExactly(start, done);
        ThreadStreamFilter both = ThreadStreamFilter.of(Set.of("lifecycle", "state_update"));
        assertThat(List.of(start, values, error, done, state).stream().filter(both))
                .containsExactly(start, done, state);
        ThreadStreamFilter stateOnly = ThreadStreamFilter.of(Set.of("state_update"));
        assertThat(List.of(start, values, error, done, state).stream().filter(stateOnly)).containsExactly(state);
    }

    @Test
    void runStreamsKeepSubgraphEventsOfASelectedMode() {
        RunStreamFilter f = new RunStreamFilter("r", List.of("updates", "messages-tuple"));
        assertThat(f.test(ev("r", "updates|sub:1234", false))).isTrue();
        assertThat(f.test(ev("r", "updates", false))).isTrue();
        assertThat(f.test(ev("r", "messages", false))).isTrue();
        assertThat(f.test(ev("r", "values", false))).isFalse();
        assertThat(f.test(start)).isTrue();
        assertThat(f.test(error)).isTrue();
        assertThat(f.test(done)).isFalse();
        assertThat(f.isEnd(done)).isTrue();
        assertThat(f.test(ev("other", "updates", false))).isFalse();
        RunStreamFilter legacy = new RunStreamFilter("r", List.of("messages"));
        assertThat(legacy.test(ev("r", "messages/partial", false))).isTrue();
        assertThat(legacy.test(ev("r", "messages", false))).as("tuple events are not the legacy mode").isFalse();
        assertThat(f.test(ev("r", "messages/partial", false))).as("nor the legacy events the tuple mode").isFalse();
    }
}
