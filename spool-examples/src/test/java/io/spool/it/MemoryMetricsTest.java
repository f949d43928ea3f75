package io.spool.it;

class MemoryMetricsTest extends MetricsContract {
    @Override
    String storage() {
        return "memory";
    }

    @Override
    int expectedPools() {
        return 0;
    }
}
