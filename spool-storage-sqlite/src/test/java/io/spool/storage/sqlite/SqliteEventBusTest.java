package io.spool.storage.sqlite;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.EventBusContract;

class SqliteEventBusTest extends EventBusContract {

    @Override
    protected Storage open(StorageOptions options) {
        return new SqliteStorage(options);
    }

    @Override
    protected Storage restart(Storage before, StorageOptions options) {
        before.close();
        return new SqliteStorage(options);
    }
}
