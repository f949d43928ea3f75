package io.spool.it;

class PostgresThreadStreamResumeTest extends ThreadStreamResumeContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
