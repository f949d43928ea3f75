package io.spool.it;

class SqliteThreadStreamJoinTest extends ThreadStreamJoinContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
