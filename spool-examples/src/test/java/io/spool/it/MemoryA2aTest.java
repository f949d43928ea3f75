package io.spool.it;

class MemoryA2aTest extends A2aContract {
    @Override
    String storage() {
        return "memory";
    }
}
