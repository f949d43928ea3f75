package io.spool.it;

class SqliteRunStreamModesTest extends RunStreamModesContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
