package io.spool.it;

class PostgresThreadManagementTest extends ThreadManagementContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
