package io.spool.storage;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The store's search filter: {@code {"field": value}} matches items whose value has that top-level field equal to
 * {@code value}; {@code {"field": {"$op": operand, ...}}} applies each operator ({@link #OPERATORS}). Numbers compare
 * by value (1 equals 1.0), strings by their characters; an ordering between other types, or a missing field, does not
 * match.
 */
public final class ItemFilter {

    public static final java.util.List<String> OPERATORS = java.util.List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte");

    private ItemFilter() {
    }

    public static boolean matches(Map<String, Object> value, Map<String, Object> filter) {
        for (var e : filter.entrySet()) {
            Object have = value == null ? null : value.get(e.getKey());
            if (isOperators(e.getValue())) {
                for (var op : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!apply(op.getKey().toString(), have, op.getValue())) return false;
                }
            } else if (!equal(have, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A map whose keys are all operators (a plain object compares by equality). */
    public static boolean isOperators(Object v) {
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) return false;
        for (Object k : m.keySet()) {
            if (!(k instanceof String s) || !s.startsWith("$")) return false;
        }
        return true;
    }

    private static boolean apply(String op, Object have, Object operand) {
        int c = compare(have, operand);
        return switch (op) {
            case "$eq" -> equal(have, operand);
            case "$ne" -> !equal(have, operand);
            case "$gt" -> c != NONE && c > 0;
            case "$gte" -> c != NONE && c >= 0;
            case "$lt" -> c != NONE && c < 0;
            case "$lte" -> c != NONE && c <= 0;
            default -> throw new IllegalArgumentException(unknown(op));
        };
    }

    /** Throws {@link IllegalArgumentException} when {@code filter} names an operator that does not exist. */
    public static void validate(Map<String, Object> filter) {
        for (Object v : filter.values()) {
            if (!isOperators(v)) continue;
            for (Object op : ((Map<?, ?>) v).keySet()) {
                if (!OPERATORS.contains(op)) throw new IllegalArgumentException(unknown(op.toString()));
            }
        }
    }

    private static String unknown(String op) {
        return "unknown filter operator '" + op + "' (use one of " + String.join(", ", OPERATORS) + ")";
    }

    /** What {@link #compare} returns for values that have no order. */
    private static final int NONE = Integer.MIN_VALUE;

    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y));
        if (a instanceof String x && b instanceof String y) return Integer.signum(x.compareTo(y));
        return NONE;
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y)) == 0;
        return Objects.equals(a, b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }
}
