package io.spool.it;

class SqliteThreadManagementTest extends ThreadManagementContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
