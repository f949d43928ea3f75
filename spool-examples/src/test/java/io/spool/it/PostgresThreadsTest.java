package io.spool.it;

class PostgresThreadsTest extends ThreadsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
