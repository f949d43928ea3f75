package io.spool.it;

class PostgresInterruptsTest extends InterruptsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
