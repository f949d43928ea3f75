package io.spool.it;

class PostgresRunStreamModesTest extends RunStreamModesContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
