package io.spool.it;

class MemoryStateHistoryTest extends StateHistoryContract {
    @Override
    String storage() {
        return "memory";
    }
}
