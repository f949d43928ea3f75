package io.spool.storage.memory;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.EventBusContract;

class MemoryEventBusTest extends EventBusContract {

    @Override
    protected Storage open(StorageOptions options) {
        return new MemoryStorage(options);
    }

    @Override
    protected Storage restart(Storage before, StorageOptions options) {
        before.close();
        return new MemoryStorage((MemoryStorage) before, options);
    }
}
