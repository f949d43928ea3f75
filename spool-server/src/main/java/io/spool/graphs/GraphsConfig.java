package io.spool.graphs;

import io.spool.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code graphs} section of a {@code langgraph.json}-compatible file:
 * {@code {"graphs": {"agent": "com.example.Agent::graph"}}}.
 */
public final class GraphsConfig {

    /** The class path resource an examples jar (or any jar) ships to be served when no config file is given. */
    public static final String DEFAULT_RESOURCE = "spool/default-graphs.json";

    private GraphsConfig() {
    }

    public static Map<String, String> read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new GraphConfigException("cannot read graphs config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every {@value #DEFAULT_RESOURCE} on the class path, merged. */
    public static Map<String, String> defaults(ClassLoader loader) {
        Map<String, String> graphs = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(DEFAULT_RESOURCE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (InputStream in = url.openStream()) {
                    graphs.putAll(parse(in.readAllBytes(), url.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graphs;
    }

    private static Map<String, String> parse(byte[] json, String source) {
        Map<String, Object> root;
        try {
            root = Json.map(json);
        } catch (RuntimeException e) {
            throw new GraphConfigException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root.get("graphs") instanceof Map<?, ?> graphs)) {
            throw new GraphConfigException(source + " has no \"graphs\" object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        graphs.forEach((k, v) -> {
            if (!(v instanceof String s)) throw new GraphConfigException(source + ": graph '" + k + "' must be a string");
            out.put(k.toString(), s);
        });
        return out;
    }
}
