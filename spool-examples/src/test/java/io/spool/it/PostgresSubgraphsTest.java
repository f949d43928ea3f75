package io.spool.it;

class PostgresSubgraphsTest extends SubgraphsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
