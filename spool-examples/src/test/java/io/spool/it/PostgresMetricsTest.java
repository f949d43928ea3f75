package io.spool.it;

class PostgresMetricsTest extends MetricsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }

    @Override
    int expectedPools() {
        return 2; // statements, and the thread locks' connections
    }
}
