package io.spool.storage.sqlite;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.CronStoreContract;

class SqliteCronStoreTest extends CronStoreContract {

    @Override
    protected Storage open(StorageOptions options) {
        return new SqliteStorage(options);
    }
}
