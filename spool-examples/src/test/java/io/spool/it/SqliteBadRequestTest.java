package io.spool.it;

class SqliteBadRequestTest extends BadRequestContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
