package io.spool.it;

class SqliteAssistantsTest extends AssistantsContract {
    @Override
    String storage() {
        return "sqlite";
    }
}
