package io.spool.it;

class SqliteProtocolV2Test extends ProtocolV2Contract {
    @Override
    String storage() {
        return "sqlite";
    }
}
