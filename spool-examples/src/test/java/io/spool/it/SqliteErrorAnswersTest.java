package io.spool.it;

class SqliteErrorAnswersTest extends ErrorAnswersContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
