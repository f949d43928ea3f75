package io.spool.it;

class MemoryEventsModeTest extends EventsModeContract {
    @Override
    String storage() {
        return "memory";
    }
}
