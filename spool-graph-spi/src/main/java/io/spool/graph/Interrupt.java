package io.spool.graph;

/**
 * An interrupt pending on a thread.
 *
 * @param id    unique id, used to resume several interrupts by id
 * @param value what the graph passed to {@code interrupt(value)}
 * @param node  the node that paused
 */
public record Interrupt(String id, Object value, String node) {
}
