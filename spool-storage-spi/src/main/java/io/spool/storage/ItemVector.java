package io.spool.storage;

/** One embedding of an item: of the text at {@code field} of its value ({@code "$"} for the whole value). */
public record ItemVector(String field, float[] vector) {
}
