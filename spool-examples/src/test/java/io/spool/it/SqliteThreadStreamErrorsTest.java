package io.spool.it;

class SqliteThreadStreamErrorsTest extends ThreadStreamErrorsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
