package io.spool.it;

class MemoryErrorAnswersTest extends ErrorAnswersContract {
    @Override
    String storage() {
        return "memory";
    }
}
