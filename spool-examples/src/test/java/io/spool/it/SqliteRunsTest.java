package io.spool.it;

class SqliteRunsTest extends RunsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
