package io.spool.it;

class MemoryThreadStreamResumeTest extends ThreadStreamResumeContract {
    @Override
    String storage() {
        return "memory";
    }
}
