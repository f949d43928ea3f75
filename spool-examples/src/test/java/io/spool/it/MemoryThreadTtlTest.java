package io.spool.it;

class MemoryThreadTtlTest extends ThreadTtlContract {
    @Override
    String storage() {
        return "memory";
    }
}
