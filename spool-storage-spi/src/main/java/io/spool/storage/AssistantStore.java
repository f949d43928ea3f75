package io.spool.storage;

import java.util.List;
import java.util.Optional;

/** Assistants and every version of each; the current version is the one runs use. */
public interface AssistantStore {

    /** Stores a new assistant as its version 1; false if the id exists. */
    boolean insert(Assistant assistant);

    Optional<Assistant> get(String assistantId);

    /** All assistants at their current version. */
    List<Assistant> all();

    /** Stores {@code assistant} as a new version (its {@code version} must be the next one) and makes it current. */
    void addVersion(Assistant assistant);

    /** Makes a stored version current again. */
    Optional<Assistant> setCurrent(String assistantId, int version);

    /** Every version, newest first. */
    List<Assistant> versions(String assistantId);

    boolean delete(String assistantId);
}
