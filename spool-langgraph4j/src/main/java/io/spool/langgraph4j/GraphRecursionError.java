package io.spool.langgraph4j;

/**
 * The run took more super-steps than its {@code recursion_limit}; named as LangGraph names it, since clients see
 * the class name as the run's {@code error}.
 */
public final class GraphRecursionError extends RuntimeException {

    GraphRecursionError(int limit) {
        super("Recursion limit of " + limit + " reached without hitting a stop condition. You can increase the limit"
                + " by setting the `recursion_limit` config key.");
    }
}
