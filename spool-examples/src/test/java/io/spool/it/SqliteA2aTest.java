package io.spool.it;

class SqliteA2aTest extends A2aContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
