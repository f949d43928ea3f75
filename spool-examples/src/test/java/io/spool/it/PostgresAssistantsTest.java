package io.spool.it;

class PostgresAssistantsTest extends AssistantsContract {
    @Override
    String storage() {
        return "postgres";
    }

    @Override
    Backend backend() {
        return new PostgresBackend();
    }
}
