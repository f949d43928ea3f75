package io.spool.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a backend is opened with, from the server's config: {@code dataDir} for embedded files; {@code tailCapacity}
 * events of each active thread kept in memory for live readers; {@code readerTick}, how often idle readers wake to
 * send heartbeats; and named {@code settings} (for example {@code postgres-url}) that only the backend that needs
 * them reads, so adding a backend adds no field here.
 */
public record StorageOptions(Path dataDir, int tailCapacity, Duration readerTick, Map<String, String> settings) {

    public static final int DEFAULT_TAIL_CAPACITY = 10_000;

    public StorageOptions {
        settings = Map.copyOf(settings);
    }

    /** The defaults: a tail of {@value #DEFAULT_TAIL_CAPACITY} events, a reader tick of a second, no settings. */
    public StorageOptions(Path dataDir) {
        this(dataDir, DEFAULT_TAIL_CAPACITY, Duration.ofSeconds(1), Map.of());
    }

    /** A setting, or null when it is not given. */
    public String setting(String name) {
        return settings.get(name);
    }
}
