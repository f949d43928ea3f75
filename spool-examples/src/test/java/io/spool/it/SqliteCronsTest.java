package io.spool.it;

class SqliteCronsTest extends CronsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
