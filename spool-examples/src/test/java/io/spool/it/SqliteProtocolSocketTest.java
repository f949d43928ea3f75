package io.spool.it;

class SqliteProtocolSocketTest extends ProtocolSocketContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
