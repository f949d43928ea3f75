package io.spool.it;

class MemoryRunsTest extends RunsContract {
    @Override
    String storage() {
        return "memory";
    }
}
