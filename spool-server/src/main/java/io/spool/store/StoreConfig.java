package io.spool.store;

import io.spool.graphs.GraphsConfig;
import io.spool.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@code store} section of the {@code langgraph.json}-style config, as the official one:
 * {@code "store": {"index": {"embed": "openai:text-embedding-3-small", "dims": 1536, "fields": ["$"]}}}. Without a
 * config file, the {@code store} of the class path's {@value GraphsConfig#DEFAULT_RESOURCE} (the examples turn the
 * index on there). No {@code index}: searches take no query.
 */
public final class StoreConfig {

    private StoreConfig() {
    }

    /** The index the config asks for, or null; throws {@link IllegalArgumentException} saying what is wrong. */
    public static StoreIndex index(Path configFile, ClassLoader loader, Map<String, String> env) {
        Map<?, ?> index = indexSection(configFile, loader);
        if (index == null) return null;
        Object embed = index.get("embed");
        if (embed != null && !(embed instanceof String)) {
            throw new IllegalArgumentException("store.index.embed must be a string such as \"all-minilm-l6-v2\" or "
                    + "\"openai:text-embedding-3-small\"");
        }
        Object dims = index.get("dims");
        if (dims != null && !(dims instanceof Integer d && d > 0)) {
            throw new IllegalArgumentException("store.index.dims must be a positive integer");
        }
        Object fields = index.get("fields");
        if (fields != null && !(fields instanceof List<?> l && l.stream().allMatch(f -> f instanceof String))) {
            throw new IllegalArgumentException("store.index.fields must be a list of field paths such as [\"$\"]");
        }
        List<String> fieldList = fields == null ? null : ((List<?>) fields).stream().map(Object::toString).toList();
        Embedder embedder = embedder((String) embed, (Integer) dims, env, loader);
        return new StoreIndex(embedder, fieldList);
    }

    private static Embedder embedder(String embed, Integer dims, Map<String, String> env, ClassLoader loader) {
        List<String> tried = new ArrayList<>();
        for (EmbedderFactory f : ServiceLoader.load(EmbedderFactory.class, loader)) {
            Optional<Embedder> e = f.create(embed, dims, env, loader);
            if (e.isPresent()) return e.get();
            tried.add(f.getClass().getSimpleName());
        }
        String what = embed == null ? "the default embedder" : "embedder '" + embed + "'";
        throw new IllegalArgumentException(tried.isEmpty()
                ? "store.index needs an embedder on the class path (add spool-embeddings to the config's dependencies)"
                : "no embedder on the class path knows " + what);
    }

    private static Map<?, ?> indexSection(Path configFile, ClassLoader loader) {
        if (configFile != null) {
            try {
                return index(Json.map(Files.readAllBytes(configFile)), configFile.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<?, ?> found = null;
        try {
            Enumeration<URL> urls = loader.getResources(GraphsConfig.DEFAULT_RESOURCE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (InputStream in = url.openStream()) {
                    Map<?, ?> index = index(Json.map(in.readAllBytes()), url.toString());
                    if (index != null) found = index;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static Map<?, ?> index(Map<String, Object> root, String source) {
        Object store = root.get("store");
        if (store == null) return null;
        if (!(store instanceof Map<?, ?> s)) throw new IllegalArgumentException(source + ": \"store\" must be an object");
        Object index = s.get("index");
        if (index == null) return null;
        if (!(index instanceof Map<?, ?> i)) {
            throw new IllegalArgumentException(source + ": \"store.index\" must be an object");
        }
        return i;
    }
}
