package io.spool.it;

class SqliteStoreGraphTest extends StoreGraphContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
