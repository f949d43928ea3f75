package io.spool.storage.postgres;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageProvider;

/** {@code --storage postgres}: PostgreSQL and Redis shared by any number of Spool processes. */
public final class PostgresStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Storage open(StorageOptions options) {
        return new PostgresStorage(options);
    }
}
