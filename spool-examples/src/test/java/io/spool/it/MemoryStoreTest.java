package io.spool.it;

class MemoryStoreTest extends StoreContract {
    @Override
    String storage() {
        return "memory";
    }
}
