package io.spool.it;

class PostgresStoreGraphTest extends StoreGraphContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
