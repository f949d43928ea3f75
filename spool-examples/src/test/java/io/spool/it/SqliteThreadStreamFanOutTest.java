package io.spool.it;

class SqliteThreadStreamFanOutTest extends ThreadStreamFanOutContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
