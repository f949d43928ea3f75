package io.spool.it;

class SqliteMetricsTest extends MetricsContract {
    @Override
    String storage() {
        return "sqlite";
    }

    @Override
    int expectedPools() {
        return 1;
    }
}
