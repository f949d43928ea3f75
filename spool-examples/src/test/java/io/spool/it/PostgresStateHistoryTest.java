package io.spool.it;

class PostgresStateHistoryTest extends StateHistoryContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
