package io.spool.storage.postgres;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.CronStoreContract;

class PostgresCronStoreTest extends CronStoreContract {

    @Override
    protected Storage open(StorageOptions options) {
        return new PostgresStorage(TestDatabase.create(options));
    }
}
