package io.spool.storage;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * A storage backend as the server finds it: by name ({@code --storage NAME}), through {@link ServiceLoader}, so a
 * backend in its own module (listed in its {@code META-INF/services/io.spool.storage.StorageProvider}) needs no line
 * in the core.
 */
public interface StorageProvider {

    /** What {@code --storage} calls it: {@code memory}, {@code sqlite}, ... */
    String name();

    /** Opens (creating or migrating what it must) the backend; throws if it cannot be used. */
    Storage open(StorageOptions options);

    /** The providers on the class path, by name. */
    static TreeMap<String, StorageProvider> available() {
        TreeMap<String, StorageProvider> byName = new TreeMap<>();
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) byName.putIfAbsent(p.name(), p);
        return byName;
    }

    /** Opens the backend called {@code name}; an unknown name throws {@link IllegalArgumentException}. */
    static Storage open(String name, StorageOptions options) {
        TreeMap<String, StorageProvider> byName = available();
        StorageProvider p = byName.get(name);
        if (p == null) {
            List<String> names = List.copyOf(byName.descendingKeySet());
            throw new IllegalArgumentException("unknown storage '" + name + "' (use " + String.join(" or ", names)
                    + ")");
        }
        return p.open(options);
    }
}
