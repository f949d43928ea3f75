package io.spool.it;

class PostgresBadRequestTest extends BadRequestContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
