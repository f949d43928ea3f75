package io.spool.it;

class PostgresThreadStreamErrorsTest extends ThreadStreamErrorsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
