package io.spool.it;

class SqliteInterruptsTest extends InterruptsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
