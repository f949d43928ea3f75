package io.spool.it;

class MemoryAssistantsTest extends AssistantsContract {
    @Override
    String storage() {
        return "memory";
    }
}
