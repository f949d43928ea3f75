package io.spool.it;

class SqliteThreadsTest extends ThreadsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
