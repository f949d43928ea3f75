package io.spool.it;

class MemoryBadRequestTest extends BadRequestContract {
    @Override
    String storage() {
        return "memory";
    }
}
