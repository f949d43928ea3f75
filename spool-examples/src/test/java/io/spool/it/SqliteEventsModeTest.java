package io.spool.it;

class SqliteEventsModeTest extends EventsModeContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
