package io.spool.storage.memory;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.CronStoreContract;

class MemoryCronStoreTest extends CronStoreContract {

    @Override
    protected Storage open(StorageOptions options) {
        return new MemoryStorage(options);
    }
}
