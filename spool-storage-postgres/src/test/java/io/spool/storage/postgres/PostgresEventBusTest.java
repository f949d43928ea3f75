package io.spool.storage.postgres;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.contract.EventBusContract;

class PostgresEventBusTest extends EventBusContract {

    private StorageOptions opened;

    @Override
    protected Storage open(StorageOptions options) {
        opened = TestDatabase.create(options);
        return new PostgresStorage(opened);
    }

    @Override
    protected Storage restart(Storage before, StorageOptions options) {
        before.close();
        return new PostgresStorage(new StorageOptions(options.dataDir(), options.tailCapacity(), options.readerTick(),
                opened.settings()));
    }
}
