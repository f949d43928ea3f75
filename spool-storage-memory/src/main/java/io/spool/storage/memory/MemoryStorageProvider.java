package io.spool.storage.memory;

import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageProvider;

/** {@code --storage memory}. */
public final class MemoryStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Storage open(StorageOptions options) {
        return new MemoryStorage(options);
    }
}
