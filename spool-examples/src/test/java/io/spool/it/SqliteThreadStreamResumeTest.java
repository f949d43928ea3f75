package io.spool.it;

class SqliteThreadStreamResumeTest extends ThreadStreamResumeContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
