package io.spool.storage;

/** Parsing of the SPI enums from their wire texts (their {@code toString}). */
final class Wire {

    private Wire() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, E[] values, String text) {
        if (text == null) return null;
        for (E v : values) {
            if (v.toString().equals(text)) return v;
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + text + "'");
    }
}
