package io.spool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/** Cron slots this process fired, by kind ({@code thread}, {@code stateless}) and outcome. */
public final class CronMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> fired = new ConcurrentHashMap<>();

    CronMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A slot was claimed here: {@code outcome} is {@code started} (its run was created), {@code refused} (the thread
     * or assistant refused the run) or {@code failed}.
     */
    public void fired(boolean onThread, String outcome) {
        String kind = onThread ? "thread" : "stateless";
        fired.computeIfAbsent(kind + ' ' + outcome, k -> Counter.builder(Metrics.PREFIX + "crons_fired")
                .description("Cron slots fired by this process").tags("kind", kind, "outcome", outcome)
                .register(registry)).increment();
    }

    long total() {
        return (long) fired.values().stream().mapToDouble(Counter::count).sum();
    }
}
