package io.spool.it;

class MemoryProtocolV2Test extends ProtocolV2Contract {
    @Override
    String storage() {
        return "memory";
    }
}
