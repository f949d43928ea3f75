package io.spool.it;

class PostgresThreadStreamJoinTest extends ThreadStreamJoinContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
