package io.spool.it;

class MemoryThreadsTest extends ThreadsContract {
    @Override
    String storage() {
        return "memory";
    }
}
