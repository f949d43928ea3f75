package io.spool.v2;

/** What the log does not say about a run and its lifecycle events need: looked up in the run store. */
public interface RunInfo {

    /** The graph the run runs ({@code graph_name} of its root lifecycle events). */
    String graphName(String runId);

    /**
     * How the run ended, as a lifecycle event: {@code completed}, {@code interrupted} (cancelled) or
     * {@code failed}. Asked only after the run's end marker, when its status is stored.
     */
    String endStatus(String runId);
}
