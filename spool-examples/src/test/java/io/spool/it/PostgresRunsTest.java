package io.spool.it;

class PostgresRunsTest extends RunsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
