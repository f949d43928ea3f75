package io.spool.it;

class SqliteStoreTest extends StoreContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
