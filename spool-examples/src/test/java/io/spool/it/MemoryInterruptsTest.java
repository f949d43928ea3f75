package io.spool.it;

class MemoryInterruptsTest extends InterruptsContract {
    @Override
    String storage() {
        return "memory";
    }
}
