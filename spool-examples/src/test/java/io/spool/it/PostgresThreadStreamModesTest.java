package io.spool.it;

class PostgresThreadStreamModesTest extends ThreadStreamModesContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
