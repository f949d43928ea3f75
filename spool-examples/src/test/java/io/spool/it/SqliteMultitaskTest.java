package io.spool.it;

class SqliteMultitaskTest extends MultitaskContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
