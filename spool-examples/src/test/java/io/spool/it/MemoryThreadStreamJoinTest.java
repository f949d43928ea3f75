package io.spool.it;

class MemoryThreadStreamJoinTest extends ThreadStreamJoinContract {
    @Override
    String storage() {
        return "memory";
    }
}
