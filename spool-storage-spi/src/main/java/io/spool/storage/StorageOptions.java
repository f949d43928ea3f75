package io.spool.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a backend is opened with, from the server's config: {@code dataDir} for embedded files, and named
 * {@code settings} (for example {@code postgres-url}) that only the backend that needs them reads, so adding a
 * backend adds no type here.
 */
public record StorageOptions(Path dataDir, Map<String, String> settings) {

    public StorageOptions {
        settings = Map.copyOf(settings);
    }

    /** A setting, or null when it is not given. */
    public String setting(String name) {
        return settings.get(name);
    }
}
