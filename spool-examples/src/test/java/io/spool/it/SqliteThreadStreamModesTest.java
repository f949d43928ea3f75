package io.spool.it;

class SqliteThreadStreamModesTest extends ThreadStreamModesContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
