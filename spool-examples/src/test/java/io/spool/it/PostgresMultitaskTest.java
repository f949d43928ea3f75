package io.spool.it;

class PostgresMultitaskTest extends MultitaskContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
