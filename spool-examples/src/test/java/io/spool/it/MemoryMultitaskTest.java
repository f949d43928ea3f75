package io.spool.it;

class MemoryMultitaskTest extends MultitaskContract {
    @Override
    String storage() {
        return "memory";
    }
}
