package io.spool.metrics;

/**
 * The run queue as this process sees it: runs waiting and executing, execution slots, and how long the due pending
 * runs have waited (a run delayed by {@code after_seconds} waits only from its due time).
 */
public record QueueStats(int pending, int running, int maxWorkers, double maxWaitSecs, double medianWaitSecs) {

    static final QueueStats EMPTY = new QueueStats(0, 0, 0, 0, 0);

    public int available() {
        return Math.max(0, maxWorkers - running);
    }
}
