package io.spool.it;

class MemoryThreadStreamModesTest extends ThreadStreamModesContract {
    @Override
    String storage() {
        return "memory";
    }
}
