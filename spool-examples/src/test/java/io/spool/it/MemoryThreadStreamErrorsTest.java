package io.spool.it;

class MemoryThreadStreamErrorsTest extends ThreadStreamErrorsContract {
    @Override
    String storage() {
        return "memory";
    }
}
