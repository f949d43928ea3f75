package io.spool.graphs;

import io.spool.json.Json;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code dependencies} of a {@code langgraph.json}-style file: where the graphs' classes live, so that
 * {@code java -jar spool-server.jar --config langgraph.json} can serve graphs from jars it was not started with.
 * Each entry, relative to the config file, is a jar, or a directory: its classes and every jar directly in it
 * (a {@code lib/} folder of jars, or a build's {@code target/classes}).
 */
public final class GraphDependencies {

    private GraphDependencies() {
    }

    /**
     * A class loader over the config's dependencies with {@code parent} behind it, or {@code parent} itself when the
     * config names none.
     */
    public static ClassLoader loader(Path configFile, ClassLoader parent) {
        List<URL> urls = urls(configFile);
        if (urls.isEmpty()) return parent;
        return new URLClassLoader("spool-graphs", urls.toArray(URL[]::new), parent);
    }

    static List<URL> urls(Path configFile) {
        Map<String, Object> root;
        try {
            root = Json.map(Files.readAllBytes(configFile));
        } catch (IOException | RuntimeException e) {
            return List.of(); // GraphsConfig.read reports an unreadable or malformed file with the graphs
        }
        Object entries = root.get("dependencies");
        if (entries == null) return List.of();
        if (!(entries instanceof List<?> list)) {
            throw new GraphConfigException(configFile + ": \"dependencies\" must be a list of paths");
        }
        Path base = configFile.toAbsolutePath().getParent();
        List<URL> urls = new ArrayList<>();
        for (Object entry : list) {
            if (!(entry instanceof String name)) {
                throw new GraphConfigException(configFile + ": every dependency must be a path, got " + entry);
            }
            Path path = base.resolve(name).normalize();
            if (!Files.exists(path)) {
                throw new GraphConfigException(configFile + ": dependency " + name + " does not exist (" + path + ")");
            }
            urls.add(url(path));
            if (Files.isDirectory(path)) urls.addAll(jarsIn(path));
        }
        return urls;
    }

    private static List<URL> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                    .map(GraphDependencies::url).toList();
        } catch (IOException e) {
            throw new GraphConfigException("cannot list dependency directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new GraphConfigException("dependency " + path + " cannot be loaded: " + e.getMessage(), e);
        }
    }
}
