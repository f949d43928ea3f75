package io.spool.it;

class MemoryCronsTest extends CronsContract {
    @Override
    String storage() {
        return "memory";
    }
}
