package io.spool.it;

class PostgresThreadStreamFanOutTest extends ThreadStreamFanOutContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
