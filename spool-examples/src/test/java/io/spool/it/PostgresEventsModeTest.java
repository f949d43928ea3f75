package io.spool.it;

class PostgresEventsModeTest extends EventsModeContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
