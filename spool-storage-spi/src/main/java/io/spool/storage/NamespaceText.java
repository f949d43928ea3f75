package io.spool.storage;

import java.util.Arrays;
import java.util.List;

/**
 * Namespaces as text, labels joined by {@code '.'} (as the API's {@code GET /store/items} sends them): backends that
 * keep a namespace in one column find a prefix's items with the range {@link #rangeStart} to {@link #rangeEnd}.
 */
public final class NamespaceText {

    private NamespaceText() {
    }

    public static String join(List<String> namespace) {
        return String.join(".", namespace);
    }

    public static List<String> split(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\.", -1));
    }

    /** The least text of a namespace strictly under {@code prefix} ({@code "a.b."}). */
    public static String rangeStart(List<String> prefix) {
        return join(prefix) + ".";
    }

    /** Just past every namespace strictly under {@code prefix}: {@code '/'} follows {@code '.'}. */
    public static String rangeEnd(List<String> prefix) {
        return join(prefix) + "/";
    }

    /** Whether {@code namespace} starts with the labels of {@code prefix}. */
    public static boolean startsWith(List<String> namespace, List<String> prefix) {
        return namespace.size() >= prefix.size() && namespace.subList(0, prefix.size()).equals(prefix);
    }
}
