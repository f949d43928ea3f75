package io.spool.it;

class SqliteStateHistoryTest extends StateHistoryContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
