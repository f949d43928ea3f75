package io.spool.it;

class SqliteSubgraphsTest extends SubgraphsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
