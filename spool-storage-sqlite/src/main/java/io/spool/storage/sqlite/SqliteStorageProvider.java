package io.spool.storage.sqlite;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageProvider;

/** {@code --storage sqlite}: one file in the data directory. */
public final class SqliteStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public Storage open(StorageOptions options) {
        return new SqliteStorage(options);
    }
}
