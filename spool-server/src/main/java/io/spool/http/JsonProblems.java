package io.spool.http;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;

/**
 * What is wrong with a request's JSON, said in the client's terms: the parser's own messages name its classes and
 * features ({@code StreamReadConstraints}, {@code DeserializationFeature}...), which mean nothing to a client.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** A short description of a parse failure with its line and column. */
    public static String describe(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) what = "it is nested too deeply (at most 500 levels of arrays and objects)";
            else if (m.contains("String value length")) what = "a string is too long";
            else if (m.contains("Number value length")) what = "a number has too many digits";
            else if (m.contains("Name length")) what = "a field name is too long";
            else what = "it exceeds a size limit of the parser";
        } else if (m.startsWith("Trailing token")) {
            what = "there is more after the JSON value (send exactly one value)";
        } else if (m.contains("end-of-input") || m.contains("end of input")) {
            what = "it ends before the value is complete";
        } else if (m.contains("`") || m.matches("(?s).*\\b[a-z]+\\.[a-z]+\\.[A-Za-z].*") || m.contains("Feature")) {
            what = "it is malformed";
        } else {
            what = m.replaceAll("\\s+", " ").trim();
            if (what.length() > 200) what = what.substring(0, 200) + "...";
        }
        return what + where(e);
    }

    private static String where(JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) return "";
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /**
     * The path ({@code metadata.a[2]}) of the first string or field name holding a lone UTF-16 surrogate, or null.
     * Such a string cannot be written as UTF-8: it would be stored as {@code ?} and silently changed.
     */
    public static String loneSurrogate(JsonNode node) {
        return find(node, "body");
    }

    private static String find(JsonNode node, String path) {
        if (node.isString()) return broken(node.asString()) ? path : null;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = find(node.get(i), path + "[" + i + "]");
                if (p != null) return p;
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path.equals("body") ? f.getKey() : path + "." + f.getKey();
                if (broken(f.getKey())) return "a field name in " + path;
                String found = find(f.getValue(), p);
                if (found != null) return found;
            }
        }
        return null;
    }

    private static boolean broken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
