package io.spool.graph;

import java.util.List;
import java.util.Map;

/** Everything one execution of a graph needs, as handed to {@link SpoolGraph#run}. */
public interface GraphRun {

    String threadId();

    String runId();

    /** The run's input: any JSON value as plain Java objects (maps, lists, strings, numbers, booleans); may be null. */
    Object input();

    /** The run's {@code command} ({@code resume}, {@code update}, {@code goto}) or null. */
    Map<String, Object> command();

    /**
     * The run's config as plain Java objects: {@code tags}, {@code recursion_limit}, {@code configurable} (which always
     * holds {@code thread_id}, {@code run_id}, {@code assistant_id}, {@code graph_id} besides what the client sent).
     */
    Map<String, Object> config();

    /** Shortcut for {@code config().get("configurable")}, never null. */
    @SuppressWarnings("unchecked")
    default Map<String, Object> configurable() {
        Object c = config().get("configurable");
        return c instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Node names to pause before ({@code ["*"]} = all); empty when none. */
    List<String> interruptBefore();

    /** Node names to pause after ({@code ["*"]} = all); empty when none. */
    List<String> interruptAfter();

    /**
     * Whether the run was created with {@code stream_subgraphs}: then the events produced inside subgraphs are emitted
     * too, with their namespace ({@link StreamWriter#emit(String, List, Object)}); otherwise only the root graph's.
     */
    default boolean streamSubgraphs() {
        return false;
    }

    /** Where the run's stream events go. */
    StreamWriter writer();

    /** The thread's checkpoints, owned by the server. */
    Checkpointer checkpointer();

    /**
     * The long-term store, shared by every thread (LangGraph's {@code store}); a runtime that serves no store
     * refuses.
     */
    default GraphStore store() {
        throw new UnsupportedOperationException("this server gives graphs no store");
    }

    /** True once the run has been cancelled (by a client, a multitask strategy, a timeout or shutdown). */
    boolean isCancelled();
}
