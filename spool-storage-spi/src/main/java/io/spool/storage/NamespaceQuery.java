package io.spool.storage;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A listing of the store's namespaces: those starting with {@code prefix} and ending with {@code suffix} (either may
 * be empty; a {@code "*"} label matches any label), cut to their first {@code maxDepth} labels (null: whole),
 * distinct, in label order, paged by {@code limit} and {@code offset}.
 */
public record NamespaceQuery(List<String> prefix, List<String> suffix, Integer maxDepth, int limit, int offset) {

    public NamespaceQuery {
        prefix = prefix == null ? List.of() : List.copyOf(prefix);
        suffix = suffix == null ? List.of() : List.copyOf(suffix);
    }

    /** Labels compared one by one; a namespace before every longer one it starts. */
    public static final Comparator<List<String>> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    };

    public boolean matches(List<String> namespace) {
        if (namespace.size() < prefix.size() || namespace.size() < suffix.size()) return false;
        for (int i = 0; i < prefix.size(); i++) {
            if (!label(prefix.get(i), namespace.get(i))) return false;
        }
        int from = namespace.size() - suffix.size();
        for (int i = 0; i < suffix.size(); i++) {
            if (!label(suffix.get(i), namespace.get(from + i))) return false;
        }
        return true;
    }

    private static boolean label(String pattern, String label) {
        return pattern.equals("*") || pattern.equals(label);
    }

    /** The page of this listing out of every namespace that holds an item (duplicates allowed). */
    public List<List<String>> page(Collection<List<String>> namespaces) {
        TreeSet<List<String>> out = new TreeSet<>(ORDER);
        for (List<String> ns : namespaces) {
            if (!matches(ns)) continue;
            out.add(maxDepth == null || ns.size() <= maxDepth ? ns : ns.subList(0, maxDepth));
        }
        return out.stream().skip(offset).limit(limit).map(List::copyOf).toList();
    }

    /** The labels before the first wildcard of {@code prefix}: a backend may narrow its scan to them. */
    public List<String> fixedPrefix() {
        int i = prefix.indexOf("*");
        return i < 0 ? prefix : prefix.subList(0, i);
    }
}
