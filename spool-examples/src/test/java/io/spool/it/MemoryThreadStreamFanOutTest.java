package io.spool.it;

class MemoryThreadStreamFanOutTest extends ThreadStreamFanOutContract {
    @Override
    String storage() {
        return "memory";
    }
}
