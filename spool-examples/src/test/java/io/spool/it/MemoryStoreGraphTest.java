package io.spool.it;

class MemoryStoreGraphTest extends StoreGraphContract {
    @Override
    String storage() {
        return "memory";
    }
}
