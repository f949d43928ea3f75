package io.spool.it;

class SqliteThreadTtlTest extends ThreadTtlContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
