package io.spool.it;

class PostgresStoreTest extends StoreContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
