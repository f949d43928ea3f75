package io.spool.it;

class MemoryThreadManagementTest extends ThreadManagementContract {
    @Override
    String storage() {
        return "memory";
    }
}
