package io.spool.it;

class PostgresThreadTtlTest extends ThreadTtlContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
