package io.spool.it;

class MemoryRunStreamModesTest extends RunStreamModesContract {
    @Override
    String storage() {
        return "memory";
    }
}
