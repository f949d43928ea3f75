package io.spool.storage;

import java.util.Arrays;
import java.util.List;

/** How a run is cancelled: {@code interrupt} keeps what it did, {@code rollback} deletes it and its checkpoints. */
public enum CancelAction {
    INTERRUPT("interrupt"),
    ROLLBACK("rollback");

    public static final List<String> WIRE = Arrays.stream(values()).map(CancelAction::wire).toList();

    private final String wire;

    CancelAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The action with this text; null for null. */
    public static CancelAction of(String wire) {
        return Wire.parse(CancelAction.class, values(), wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
