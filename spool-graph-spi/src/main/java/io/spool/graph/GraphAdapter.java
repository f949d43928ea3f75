package io.spool.graph;

/**
 * Turns an object named in the graphs config (a static field or no-argument static method) into a
 * {@link SpoolGraph}. Found with {@link java.util.ServiceLoader}, so a runtime module plugs in by shipping
 * {@code META-INF/services/io.spool.graph.GraphAdapter}. Objects that already implement {@link SpoolGraph} need none.
 */
public interface GraphAdapter {

    /** Whether this adapter knows how to serve {@code graphObject}. */
    boolean supports(Object graphObject);

    /** Adapts {@code graphObject}, registered under {@code graphId}. */
    SpoolGraph adapt(String graphId, Object graphObject);
}
