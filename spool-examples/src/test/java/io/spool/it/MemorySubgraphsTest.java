package io.spool.it;

class MemorySubgraphsTest extends SubgraphsContract {
    @Override
    String storage() {
        return "memory";
    }
}
